# --8<-- [start:fix]
# The hub runs on the host and DockerSpawner uses Docker's default bridge: listen on the
# host's docker0 address, which the containers can reach. hub_connect_ip defaults to it.
c.JupyterHub.hub_ip = "172.17.0.1"
# --8<-- [end:fix]
