# jupyterhub: ">=6"
# --8<-- [start:allow-start]
# JupyterHub 6's default, written out: old names may still be started, stopped and deleted;
# no new server can get such a name. JupyterHub 7 will no longer start them.
c.JupyterHub.allow_existing_invalid_named_servers = "allow-start"
# --8<-- [end:allow-start]
