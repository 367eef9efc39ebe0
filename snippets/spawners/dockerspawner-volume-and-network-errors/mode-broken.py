import os

c.DockerSpawner.network_name = os.environ.get("DOCKER_NETWORK_NAME", "jupyterhub-network")
# Left from an older example: network_mode in extra_host_config wins over
# network_name, and here it names another network (another Compose project's).
c.DockerSpawner.extra_host_config = {"network_mode": "jupyterhub_default"}
