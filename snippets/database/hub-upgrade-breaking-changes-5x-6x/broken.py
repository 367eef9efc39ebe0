# Named servers, as enabled before the upgrade. Servers that users named under
# JupyterHub 5 or earlier ("Analysis_2024", "My Server") keep those names in the database.
c.JupyterHub.allow_named_servers = True
