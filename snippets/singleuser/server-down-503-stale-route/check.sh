#!/bin/sh
# --8<-- [start:hub-view]
# What the hub believes: the user's servers, with "ready" and the URL it routes to
# (an admin's token).
hub=http://127.0.0.1:8000
name=alice
curl -s -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name"
echo
# --8<-- [end:hub-view]

# --8<-- [start:process]
# What really runs, on the hub's machine (LocalProcessSpawner, SudoSpawner, SystemdSpawner).
name=alice
pgrep -a -u "$name" -f jupyterhub-singleuser || echo "no jupyterhub-singleuser process of $name"
# --8<-- [end:process]

# --8<-- [start:container]
# What really runs, with DockerSpawner: the container's state and, once it stopped, why.
name=alice
docker inspect --format '{{.State.Status}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}}' "jupyter-$name"
# --8<-- [end:container]

# --8<-- [start:oom]
# Did the kernel's out-of-memory killer end it? On the machine where the server ran.
journalctl -k --since "-2h" | grep -i 'out of memory' || echo "no out-of-memory killer entry in the last two hours"
# --8<-- [end:oom]
