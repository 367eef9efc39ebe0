# --8<-- [start:postgres]
# For hubs whose state must live on shared storage or outlive a machine: a database
# server. The password comes from the PGPASSWORD environment variable; keep the server
# on a private network that the users' servers cannot reach.
c.JupyterHub.db_url = "postgresql+psycopg2://jupyterhub@db.internal:5432/jupyterhub"
# --8<-- [end:postgres]
