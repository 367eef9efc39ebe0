# --8<-- [start:fix]
# Listen where you advertise: the proxy and the servers both use the connect address.
# Here on every address of the hub's container, so that "jupyterhub" (its name on the
# Docker network) reaches it.
c.JupyterHub.hub_bind_url = "http://0.0.0.0:8081"
c.JupyterHub.hub_connect_ip = "jupyterhub"
# --8<-- [end:fix]
