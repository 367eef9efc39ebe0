#!/bin/sh
# --8<-- [start:command]
# Run the server's command as the user, with the hub's PATH, asking only for its version:
# it prints the JupyterHub version of the environment it runs in, or the error that
# stops it. Put in cmd the command after "Spawning" in the hub's log.
name=alice
cmd="/usr/bin/python3 -m jupyterhub.singleuser"
cd / && sudo -u "$name" env PATH="$PATH" sh -c "$cmd --version" 2>&1 | tail -n 2
# --8<-- [end:command]

# --8<-- [start:image]
# The same for a users' image: where its jupyterhub-singleuser is, and its version.
image=quay.io/jupyterhub/singleuser:6.1.1
docker run --rm --entrypoint sh "$image" -c \
    'command -v jupyterhub-singleuser || echo "no jupyterhub-singleuser in this image"; jupyterhub-singleuser --version 2>&1 | tail -n 2'
# --8<-- [end:image]
