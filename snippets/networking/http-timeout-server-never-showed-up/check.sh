#!/bin/sh
# --8<-- [start:where]
# Where the server says it listens (first URL) ...
name=alice
docker logs "jupyter-$name" 2>&1 | grep -A 1 'is running at:'
# ... and the address the hub polls: the "never showed up at" URL in the hub's log.
# --8<-- [end:where]

# --8<-- [start:command]
# What the user's container runs (its entrypoint and command) ...
name=alice
docker inspect --format 'entrypoint: {{json .Config.Entrypoint}}  command: {{json .Config.Cmd}}' "jupyter-$name"
# ... and whether its image has JupyterHub's single-user server at all.
image=$(docker inspect --format '{{.Config.Image}}' "jupyter-$name")
docker run --rm --entrypoint sh "$image" -c 'command -v jupyterhub-singleuser || echo "no jupyterhub-singleuser in this image"'
# --8<-- [end:command]
