# --8<-- [start:broken]
c.JupyterHub.proxy_class = "traefik_file"
# traefik reads the dynamic file once and never again.
c.TraefikProxy.extra_static_config = {"providers": {"file": {"watch": False}}}
c.TraefikProxy.check_route_timeout = 10
# --8<-- [end:broken]
