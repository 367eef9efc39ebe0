#!/bin/sh
# --8<-- [start:inspect]
# On the Docker host: is the image there? Put in the image from the hub's error line
# (or from c.DockerSpawner.image). The second command lists the tags this host has of
# the same repository, which shows a typo in the tag.
image=quay.io/jupyter/scipy-notebook:2025-10-20
if docker image inspect --format '{{.Id}}' "$image" >/dev/null 2>&1; then
  echo "present: $image"
else
  echo "missing: $image"
fi
docker image ls "${image%:*}"
# --8<-- [end:inspect]
