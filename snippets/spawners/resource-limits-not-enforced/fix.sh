#!/bin/sh
# --8<-- [start:remove-old-container]
# A container created before the limits were set keeps running without them, and
# DockerSpawner starts it again as it is. Remove it, with the user's server stopped;
# the user's next start creates a new one with the limits.
name=USER-NAME  # each user whose container was created before the limits
docker rm -f "jupyter-$name"
# --8<-- [end:remove-old-container]
