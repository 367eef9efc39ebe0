# --8<-- [start:secret-file]
# An absolute path, so the hub finds the same secret whatever directory it starts in.
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"
# --8<-- [end:secret-file]
