# --8<-- [start:fix]
# Run JupyterHub's single-user server: it listens where the hub's environment says
# (JUPYTERHUB_SERVICE_URL), under /user/<name>/, and checks in with the hub. Or delete your
# cmd line, if the image's own command starts jupyterhub-singleuser.
c.DockerSpawner.cmd = ["jupyterhub-singleuser"]
# --8<-- [end:fix]
