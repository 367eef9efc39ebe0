# jupyterhub: ">=6"
# --8<-- [start:allow-delete]
# Old names may only be stopped and deleted; starting such a server is refused. For the
# time it takes to move users' data to servers with valid names.
c.JupyterHub.allow_existing_invalid_named_servers = "allow-delete"
# --8<-- [end:allow-delete]
