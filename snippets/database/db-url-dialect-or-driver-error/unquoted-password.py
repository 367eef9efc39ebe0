# --8<-- [start:unquoted]
# The password p@ss/w%rd pasted into the URL as it is: SQLAlchemy reads "p" as the
# password and "ss" as the host.
c.JupyterHub.db_url = "postgresql://jupyterhub:p@ss/w%rd@db.internal:5432/jupyterhub"
# --8<-- [end:unquoted]
