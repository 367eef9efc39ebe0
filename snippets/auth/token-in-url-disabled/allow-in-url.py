# jupyterhub: ">=4.1"
# --8<-- [start:allow]
# Single-user servers accept ?token=... in URLs again, as before JupyterHub 5. Read the
# warning beside this on the page first.
c.Spawner.environment.update({"JUPYTERHUB_ALLOW_TOKEN_IN_URL": "1"})
# --8<-- [end:allow]
