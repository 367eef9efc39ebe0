#!/bin/sh
# --8<-- [start:docker-group]
# Let the hub's user use Docker's socket through its group (root:docker, mode 660, as
# Docker's packages create it), then restart the hub: a running process keeps its groups.
hub_user=HUB-USER
usermod -aG docker "$hub_user"
# --8<-- [end:docker-group]

# --8<-- [start:mount]
# The hub in a container: the host's Docker socket must be mounted into it, at the path
# DockerSpawner connects to.
docker run -d --name jupyterhub -p 8000:8000 \
  -v /var/run/docker.sock:/var/run/docker.sock \
  my-jupyterhub-image
# --8<-- [end:mount]
