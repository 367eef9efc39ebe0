# --8<-- [start:subdomain-legacy]
# JupyterHub 5 with subdomains: keep the pre-5 host names for users and services.
c.JupyterHub.subdomain_hook = "legacy"
# --8<-- [end:subdomain-legacy]

# --8<-- [start:token-in-url]
# JupyterHub 5: accept ?token=... links to single-user servers again.
c.Spawner.environment.update({"JUPYTERHUB_ALLOW_TOKEN_IN_URL": "1"})
# --8<-- [end:token-in-url]
