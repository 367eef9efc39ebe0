# --8<-- [start:psycopg2]
import os
from urllib.parse import quote

# Keep psycopg2 with SQLAlchemy 2.1 or later, where postgresql:// means psycopg 3:
# name the driver in the URL.
db_password = quote(os.environ.get("JUPYTERHUB_DB_PASSWORD", ""), safe="")
c.JupyterHub.db_url = f"postgresql+psycopg2://jupyterhub:{db_password}@db.internal:5432/jupyterhub"
# --8<-- [end:psycopg2]
