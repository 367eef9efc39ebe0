# --8<-- [start:pymysql]
import os
from urllib.parse import quote

# MySQL or MariaDB through PyMySQL (pip install pymysql). A bare mysql:// means the
# mysqlclient module (MySQLdb), which needs the MySQL client library to build.
db_password = quote(os.environ.get("JUPYTERHUB_DB_PASSWORD", ""), safe="")
c.JupyterHub.db_url = f"mysql+pymysql://jupyterhub:{db_password}@db.internal:3306/jupyterhub"
# --8<-- [end:pymysql]
