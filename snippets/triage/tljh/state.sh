#!/bin/sh
# The state of a TLJH machine: its services, its configuration, its ports, the hub's REST
# API and the releases in its two Python environments. As a user who may use sudo.

# --8<-- [start:services]
# The hub and Traefik: ActiveState=active for both, UnitFileState=enabled (started at
# boot). NRestarts grows while systemd restarts a hub that keeps failing.
for unit in jupyterhub traefik; do
    systemctl show "$unit" -p Id -p ActiveState -p SubState -p ExecMainStatus -p NRestarts -p UnitFileState
    echo
done
# --8<-- [end:services]

# --8<-- [start:config]
# What config.yaml holds (TLJH's defaults are not shown), then the extra files that the
# hub (*.py) and Traefik (*.toml) load after it.
sudo tljh-config show
sudo ls -l /opt/tljh/config/jupyterhub_config.d /opt/tljh/config/traefik_config.d
# --8<-- [end:config]

# --8<-- [start:ports]
# Traefik on 80 (and 443 with HTTPS) and on 8099 (its API, local only), the hub on
# 127.0.0.1:15001, with each program's name and pid. Then where a user's server listens:
# the port of its unit's main process (MainPID=0: the unit runs no process).
name=alice
unit="jupyter-$name"
sudo ss -ltnp | grep -E ':(80|443|8099|15001)\b' || echo "nothing listens on 80, 443, 8099 or 15001"
pid=$(systemctl show -p MainPID --value "$unit")
sudo ss -ltnp | grep "pid=$pid," || echo "$unit: no listening process (MainPID=$pid)"
# --8<-- [end:ports]

# --8<-- [start:api]
# The hub's version: asked directly on its own port, then through Traefik. Both print
# {"version": ...} and HTTP 200; Traefik answers with a redirect when HTTPS is on.
hub=http://127.0.0.1:15001
proxy=http://127.0.0.1
curl -sS -w '\nHTTP %{http_code}\n' "$hub/hub/api"
curl -sS -w '\nHTTP %{http_code}\n' "$proxy/hub/api"
# --8<-- [end:api]

# --8<-- [start:token]
# A token of a TLJH admin (one listed in users.admin), made by the hub's own command with
# TLJH's configuration, in the hub's directory /opt/tljh/state. Nothing is printed: the
# token is in the variable, for the commands below in this shell.
admin=your-admin-name
config=$(/opt/tljh/hub/bin/python3 -c 'import os, tljh; print(os.path.join(os.path.dirname(tljh.__file__), "jupyterhub_config.py"))')
JUPYTERHUB_API_TOKEN=$(sudo env --chdir=/opt/tljh/state /opt/tljh/hub/bin/jupyterhub token -f "$config" "$admin")
export JUPYTERHUB_API_TOKEN
# --8<-- [end:token]

# --8<-- [start:user]
# What the hub knows of a user: admin or not, last activity, and each server with
# "ready", "pending" ("spawn", "stop") and "url". HTTP 404: the hub has no such user.
hub=http://127.0.0.1:15001
name=alice
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name"
# The start of the default server: each step while it starts, "ready" once it runs,
# "failed" with the message the user saw after a failed start.
curl -sS -N --max-time 60 -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name/server/progress"
# --8<-- [end:user]

# --8<-- [start:versions]
# The hub environment: TLJH, JupyterHub, the spawner, the authenticators, the idle culler
# and the Traefik proxy package; then the Traefik program that TLJH installed.
/opt/tljh/hub/bin/python3 -m pip list 2>/dev/null \
    | grep -i -E 'littlest|jupyterhub|spawner|authenticator|culler|traefik'
/opt/tljh/hub/bin/traefik version
# The user environment, which runs every user's server:
/opt/tljh/user/bin/python3 -m pip list 2>/dev/null \
    | grep -i -E '^(jupyterhub|jupyter[-_]server|jupyterlab|notebook) '
# The system's Python, from which the hub environment was made: the same 3.X twice.
python3 --version
ls /opt/tljh/hub/lib/
# --8<-- [end:versions]
