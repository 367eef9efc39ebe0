# --8<-- [start:postgres-scheme]
# Heroku-style URL: SQLAlchemy 1.4 and later do not know the name "postgres".
c.JupyterHub.db_url = "postgres://jupyterhub:PASSWORD@db.internal:5432/jupyterhub"
# --8<-- [end:postgres-scheme]
