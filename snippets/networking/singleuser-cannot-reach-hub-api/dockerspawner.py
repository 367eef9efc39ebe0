# --8<-- [start:network]
# Start users' containers on the hub's own (user-defined) Docker network, where the hub's
# container name resolves. This also makes the proxy use the containers' internal IPs.
c.DockerSpawner.network_name = "jupyterhub-network"
# Remove containers when servers stop, so that a new config reaches every user.
c.DockerSpawner.remove = True
# --8<-- [end:network]
