# --8<-- [start:url]
import os
from urllib.parse import quote

# postgresql:// (never postgres://), and the password quoted for the URL: @ / % : # ?
# in it would otherwise be read as parts of the URL. The password comes from the
# environment, so it is not written in this file.
db_password = quote(os.environ.get("JUPYTERHUB_DB_PASSWORD", ""), safe="")
c.JupyterHub.db_url = f"postgresql://jupyterhub:{db_password}@db.internal:5432/jupyterhub"
# --8<-- [end:url]
