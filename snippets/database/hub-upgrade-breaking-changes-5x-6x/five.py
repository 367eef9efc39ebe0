# --8<-- [start:subdomain-legacy]
# JupyterHub 5 with subdomains: keep the pre-5 host names for users and services.
c.JupyterHub.subdomain_hook = "legacy"
# --8<-- [end:subdomain-legacy]

# --8<-- [start:token-in-url]
# JupyterHub 5: accept ?token=... links to single-user servers again. Such a link logs
# whoever opens it in as the token's owner, so one user can make another work in their
# session: only turn this on if your users need not be protected from each other, and
# better with per-user subdomains (c.JupyterHub.subdomain_host). Remove it again when the
# links are no longer needed.
c.Spawner.environment.update({"JUPYTERHUB_ALLOW_TOKEN_IN_URL": "1"})
# --8<-- [end:token-in-url]
