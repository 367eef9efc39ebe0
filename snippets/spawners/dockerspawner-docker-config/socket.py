# Tell DockerSpawner where the engine's socket is. client_kwargs wins over the
# DOCKER_HOST variable of the hub's environment (DockerSpawner passes both to docker-py,
# client_kwargs last).
c.DockerSpawner.client_kwargs = {"base_url": "unix:///var/run/docker.sock"}
