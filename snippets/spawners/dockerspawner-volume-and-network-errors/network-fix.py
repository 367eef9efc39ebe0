# --8<-- [start:fix]
import os

# The network's name as the engine knows it (check.sh:networks prints it), passed in the
# hub's environment as jupyterhub-deploy-docker's compose file does; the default is the
# fixed name (name: jupyterhub-network) that compose file gives its network. A literal
# string works too.
c.DockerSpawner.network_name = os.environ.get("DOCKER_NETWORK_NAME", "jupyterhub-network")
# --8<-- [end:fix]
