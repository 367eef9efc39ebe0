# --8<-- [start:fix]
# With c.JupyterHub.proxy_class = "traefik_file", as before.
c.TraefikProxy.traefik_api_username = "jupyterhub"
c.TraefikProxy.traefik_api_password = "new-password"
# No traefik_api_hashed_password: the hub hashes traefik_api_password itself.
# --8<-- [end:fix]
