# The hub runs in a container named "jupyterhub"; DockerSpawner starts the users'
# containers on the same Docker network.
# --8<-- [start:fix]
# Listen on every address of the hub's container ...
c.JupyterHub.hub_ip = "0.0.0.0"
# ... and tell the servers (and the proxy) a name they can resolve and reach.
c.JupyterHub.hub_connect_ip = "jupyterhub"
# --8<-- [end:fix]
