#!/bin/sh
# --8<-- [start:verify]
# The server's command now runs for the user, and has the hub's version.
name=alice
cmd="/opt/hub/bin/python -m jupyterhub.singleuser"
server=$(cd / && sudo -u "$name" env PATH="$PATH" sh -c "$cmd --version")
hub=$(jupyterhub --version)
echo "the server's JupyterHub: $server, the hub's: $hub"
[ "${server%%.*}" = "${hub%%.*}" ]
# --8<-- [end:verify]

# --8<-- [start:image]
# The users' image runs jupyterhub-singleuser, of the hub's major version.
image=quay.io/jupyterhub/singleuser:6.1.1
hub_container=jupyterhub
server=$(docker run --rm --entrypoint jupyterhub-singleuser "$image" --version)
hub=$(docker exec "$hub_container" jupyterhub --version)
echo "the image's JupyterHub: $server, the hub's: $hub"
[ "${server%%.*}" = "${hub%%.*}" ]
# --8<-- [end:image]
