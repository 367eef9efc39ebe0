# --8<-- [start:fix]
# Listen on every address of the hub's container ...
c.JupyterHub.hub_ip = "0.0.0.0"
# ... and advertise the name the servers resolve: the hub container's name on the Docker
# network it shares with them (a Compose or Swarm service name works the same way).
c.JupyterHub.hub_connect_ip = "jupyterhub"
# --8<-- [end:fix]
