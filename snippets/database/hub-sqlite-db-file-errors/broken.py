# The database on a data volume, as many container set-ups do. If that directory does
# not exist (the volume is not mounted, or mounted elsewhere) or the hub's user cannot
# write there, the hub cannot open the file and exits at start-up.
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/data/jupyterhub.sqlite"
