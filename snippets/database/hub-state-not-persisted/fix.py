# --8<-- [start:fix]
# Everything the hub must remember lives on the volume mounted at /srv/jupyterhub/data:
# the database (users, tokens, servers) and the secret that signs login cookies.
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/data/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/data/jupyterhub_cookie_secret"
# --8<-- [end:fix]
