#!/bin/sh
# --8<-- [start:no-volume]
# The hub's state is written inside the container (its working directory,
# /srv/jupyterhub): `docker rm`, `docker compose up` after a change, or a new image
# replaces the container and starts from an empty database and a new cookie secret.
docker run -d --name jupyterhub -p 8000:8000 my-jupyterhub-image
# --8<-- [end:no-volume]
