#!/bin/sh
# --8<-- [start:create-volume]
# A named volume for the hub's state. It outlives every container that mounts it.
volume=jupyterhub-data
docker volume create "$volume"
# --8<-- [end:create-volume]

# --8<-- [start:run]
# Mount it where the config points, every time the container is created.
# Publish only the proxy's port, as before.
volume=jupyterhub-data
docker run -d --name jupyterhub -p 8000:8000 -v "$volume:/srv/jupyterhub/data" my-jupyterhub-image
# --8<-- [end:run]
