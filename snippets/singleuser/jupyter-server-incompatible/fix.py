# --8<-- [start:fix]
# No JUPYTERHUB_SINGLEUSER_APP: jupyterhub-singleuser picks the Jupyter Server itself.
c.Spawner.environment = {}
# Notebook 7's page as the users' start page (leave it out for JupyterLab).
c.Spawner.default_url = "/tree"
# --8<-- [end:fix]
