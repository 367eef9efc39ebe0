# --8<-- [start:mysql]
# MySQL / MariaDB through PyMySQL. JupyterHub already replaces pooled MySQL connections
# after 60 s; if the server closes idle connections sooner (wait_timeout below 60),
# recycle them before it does. The password comes from the URL or the driver's own
# configuration; keep the database on a network that users' servers cannot reach.
c.JupyterHub.db_url = "mysql+pymysql://jupyterhub@db.internal:3306/jupyterhub"
c.JupyterHub.db_kwargs = {"pool_recycle": 25}
# --8<-- [end:mysql]
