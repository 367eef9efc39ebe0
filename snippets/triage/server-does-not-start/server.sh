#!/bin/sh
# On the hub's machine, as root: the single-user servers that LocalProcessSpawner (and
# SudoSpawner, SystemdSpawner) start as the users' own accounts.

# --8<-- [start:env]
# The environment the hub gave a running server: the JUPYTERHUB_* variables, PATH, HOME.
# Its API tokens are shown as [hidden]. (Read as the user: root may lack the right to read
# another account's process environment in a container.)
name=alice
pid=$(pgrep -o -u "$name" -f '[j]upyterhub-singleuser') || { echo "no jupyterhub-singleuser process of $name"; exit 1; }
sudo -u "$name" cat "/proc/$pid/environ" | tr '\0' '\n' \
    | grep -E '^(JUPYTERHUB_|JPY_|MEM_|CPU_|PATH=|HOME=|USER=|SHELL=)' \
    | sed -E 's/^((JUPYTERHUB|JPY)_API_TOKEN)=.*/\1=[hidden]/' | sort
# --8<-- [end:env]

# --8<-- [start:by-hand]
# The server run by hand as the user, in their home, with the variables it needs from
# the hub; its own output shows why it stops. Stop the user's server in the hub first
# (or pick another port). The token need not be valid: the server starts without the
# hub's word, and only its later calls to the hub are refused. Ctrl-C stops it.
name=alice
port=8890
api=http://127.0.0.1:8081/hub/api
singleuser=$(command -v jupyterhub-singleuser)
home=$(getent passwd "$name" | cut -d: -f6)
cd "$home" || exit 1
sudo -u "$name" env HOME="$home" \
    JUPYTERHUB_USER="$name" \
    JUPYTERHUB_API_URL="$api" \
    JUPYTERHUB_API_TOKEN=started-by-hand \
    JUPYTERHUB_CLIENT_ID="jupyterhub-user-$name" \
    JUPYTERHUB_SERVICE_PREFIX="/user/$name/" \
    JUPYTERHUB_SERVICE_URL="http://127.0.0.1:$port/user/$name/" \
    "$singleuser" --debug
# --8<-- [end:by-hand]

# --8<-- [start:probe]
# In a second terminal: does it answer where the hub would look? {"version": ...} is
# Jupyter Server's answer; "Connection refused" means nothing listens there.
name=alice
port=8890
curl -sS -w '\nHTTP %{http_code}\n' "http://127.0.0.1:$port/user/$name/api"
# --8<-- [end:probe]

# --8<-- [start:image-versions]
# DockerSpawner (or any image): the releases in the user image, which run the server
# whatever the hub has. image: the one c.DockerSpawner.image names.
image=quay.io/jupyterhub/singleuser:latest
docker run --rm --entrypoint python3 "$image" -c '
import importlib.metadata as md
for name in ("jupyterhub", "jupyter_server", "jupyterlab", "notebook"):
    try:
        print(name, md.version(name))
    except md.PackageNotFoundError:
        print(name, "not installed")
'
# --8<-- [end:image-versions]
