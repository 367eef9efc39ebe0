# --8<-- [start:broken]
c.JupyterHub.proxy_class = "traefik_file"
c.TraefikProxy.traefik_api_username = "jupyterhub"
c.TraefikProxy.traefik_api_password = "new-password"
# A hash made earlier for another password (htpasswd -nb jupyterhub old-password).
c.TraefikProxy.traefik_api_hashed_password = "$apr1$jhtsalt1$RF3JozaIb7KIYgOtXrkgZ1"
c.TraefikProxy.check_route_timeout = 10
# --8<-- [end:broken]
