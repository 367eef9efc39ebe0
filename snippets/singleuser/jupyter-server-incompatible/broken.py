# A setting from the JupyterHub 2 era, kept after the users' image dropped the classic
# notebook server (Notebook 6) or moved to Notebook 7.
# --8<-- [start:broken]
c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "notebook",
}
# --8<-- [end:broken]
