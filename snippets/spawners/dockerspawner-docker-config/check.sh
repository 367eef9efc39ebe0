#!/bin/sh
# --8<-- [start:env]
# Who the hub runs as, and the DOCKER_* variables it was started with: DockerSpawner
# takes DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH from there. Run it as root on
# the hub's machine, or in the hub's container (docker exec jupyterhub sh -c '...').
pid=$(pgrep -o -x jupyterhub)
ps -o user:20=,pid=,args= -p "$pid"
tr '\0' '\n' <"/proc/$pid/environ" | grep '^DOCKER_' ||
  echo "no DOCKER_ variables: DockerSpawner uses unix:///var/run/docker.sock unless client_kwargs says otherwise"
# --8<-- [end:env]

# --8<-- [start:socket]
# The socket DockerSpawner connects to, its owner and mode, and the hub's user's groups.
# To connect, the hub's user must own the socket or be in its group (with rw- for it).
sock=/var/run/docker.sock
hub_user=jupyterhub
ls -lL "$sock"
id "$hub_user"
# --8<-- [end:socket]

# --8<-- [start:as-hub]
# The engine's API as DockerSpawner calls it: the same Python (the one jupyterhub runs
# with), the same user. Set the DOCKER_ variables of the env check above first, if any.
hub_user=jupyterhub
python=$(sed -n '1s/^#!//p' "$(command -v jupyterhub)")
sudo -u "$hub_user" --preserve-env=DOCKER_HOST,DOCKER_TLS_VERIFY,DOCKER_CERT_PATH "$python" \
  -c 'import docker; print("engine answers, version", docker.APIClient(version="auto").version()["Version"])'
# --8<-- [end:as-hub]
