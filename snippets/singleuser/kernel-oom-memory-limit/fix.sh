#!/bin/sh
# --8<-- [start:remove-container]
# DockerSpawner gives a container its limit when it creates it, and starts a kept
# container again as it was. With the user's server stopped, remove the container: the
# next start creates one with the new limit.
name=USER-NAME
docker rm -f "jupyter-$name"
# --8<-- [end:remove-container]
