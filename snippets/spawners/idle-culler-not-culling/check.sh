#!/bin/sh
# --8<-- [start:scopes]
# On the hub's machine, as root or as the hub's user: what the running culler's token may
# do. It reads the token from the culler's environment (the hub makes it) and prints
# nothing secret: the service's model with its scopes, then the status the hub answers
# to the culler's request for the user list.
api=http://127.0.0.1:8081/hub/api
# ([j] keeps pgrep from finding this script's own shell.)
pid=$(pgrep -o -f '[j]upyterhub_idle_culler') || { echo "no culler running"; exit 1; }
token=$(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^JUPYTERHUB_API_TOKEN=//p')
curl -s -H "Authorization: token $token" "$api/user"
echo
curl -s -o /dev/null -w 'GET /users?state=ready: HTTP %{http_code}\n' \
    -H "Authorization: token $token" "$api/users?state=ready"
# --8<-- [end:scopes]

# --8<-- [start:version]
# Which culler release the hub runs: python is the Python that runs the hub (the culler
# command's sys.executable).
python=python3
"$python" -c 'from importlib.metadata import version; print("jupyterhub-idle-culler", version("jupyterhub-idle-culler"))'
# --8<-- [end:version]
