# --8<-- [start:local-disk]
# Keep the sqlite file on a local disk (a local volume in containers), never on NFS,
# EFS or another network filesystem, and let only one hub use it.
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/data/jupyterhub.sqlite"
# --8<-- [end:local-disk]
