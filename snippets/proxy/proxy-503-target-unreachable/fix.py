# --8<-- [start:fix]
# Listen where you advertise: the proxy and the servers both use the connect address.
# Here on every address of the hub's container, so that "jupyterhub" (its name on the
# Docker network) reaches it. Do not publish 8081: only the proxy's port (8000) belongs
# outside the container. On a host rather than in a container, bind the one address you
# advertise, or close 8081 to everyone but the servers' network in your firewall.
c.JupyterHub.hub_bind_url = "http://0.0.0.0:8081"
c.JupyterHub.hub_connect_ip = "jupyterhub"
# --8<-- [end:fix]
