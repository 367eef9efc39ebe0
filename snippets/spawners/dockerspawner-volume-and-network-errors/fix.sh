#!/bin/sh
# --8<-- [start:create-network]
# The network does not exist at all: create it, and attach the hub's container to it
# under the name the servers use to reach the hub (c.JupyterHub.hub_connect_ip).
network=jupyterhub-network
hub=jupyterhub
docker network create "$network"
docker network connect --alias jupyterhub "$network" "$hub"
# --8<-- [end:create-network]

# --8<-- [start:remove-container]
# A user's container made before the fix keeps its old network and mounts: DockerSpawner
# starts it again as it is. Remove it, and the next start makes a new one. This deletes
# what the user saved inside the container outside a volume; named volumes and host
# directories stay. Put in the container's name from `docker ps -a`.
name=USER-CONTAINER
docker rm -f "$name"
# --8<-- [end:remove-container]
