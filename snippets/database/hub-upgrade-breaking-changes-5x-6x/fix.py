# jupyterhub: ">=6"
# --8<-- [start:autorename]
# Rename the old named servers to valid names when the hub starts; the old name is kept
# as the server's display name. Only safe if your spawner does not derive storage
# (volumes, directories) from the server name: see the warning on this page.
c.JupyterHub.allow_existing_invalid_named_servers = "autorename"
# --8<-- [end:autorename]
