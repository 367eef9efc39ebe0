#!/bin/sh
# --8<-- [start:docker0-address]
# The host's address on Docker's default bridge (usually 172.17.0.1)
ip -4 addr show docker0
# --8<-- [end:docker0-address]

# --8<-- [start:remove-old-containers]
# Containers created before the fix still carry the old hub address in their
# environment, and DockerSpawner restarts them as they are. Remove them once:
name=USER-NAME  # each user whose container was created before the fix
docker rm -f "jupyter-$name"
# --8<-- [end:remove-old-containers]
