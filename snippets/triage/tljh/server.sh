#!/bin/sh
# A user's server on a TLJH machine: the systemd unit SystemdSpawner made for it, the
# environment it was given, and the same server run by hand.

# --8<-- [start:unit]
# How systemd runs the server: its state and exit status, the command (ExecStart=), the
# account (User=, a uid), the directory, the file holding its environment, and the
# limits and sandbox it was given.
name=alice
unit="jupyter-$name"
systemctl show "$unit" -p LoadState -p ActiveState -p Result -p ExecMainStatus \
    -p ExecStart -p User -p WorkingDirectory -p EnvironmentFiles \
    -p MemoryMax -p CPUQuotaPerSecUSec -p NoNewPrivileges
# --8<-- [end:unit]

# --8<-- [start:env]
# While the server runs, or hangs while starting: the variables SystemdSpawner gave it,
# from the file named by EnvironmentFiles=. Tokens and secrets are shown as [hidden].
name=alice
unit="jupyter-$name"
envfile=$(systemctl show -p EnvironmentFiles --value "$unit" | cut -d' ' -f1)
if [ -n "$envfile" ] && sudo test -f "$envfile"; then
    sudo sed -E 's/^([A-Z_]*(TOKEN|SECRET|PASSWORD)[A-Z_]*)=.*/\1=[hidden]/' "$envfile" | sort
else
    echo "$unit has no environment file now: its server does not run"
fi
# --8<-- [end:env]

# --8<-- [start:by-hand]
# The server run by hand as the user's account, in its home, with the user environment
# first on PATH and the variables it needs from the hub. Stop the user's server in the
# hub first (or choose another port). The token need not be valid: the server starts
# without the hub, and only its later calls to the hub are refused. Ctrl-C stops it.
name=alice
# The account: jupyter-<name>, shortened with a hash for names of 18 characters or more
# (the unit's User= is its uid).
account="jupyter-$name"
port=8890
api=http://127.0.0.1:15001/hub/api
home=$(getent passwd "$account" | cut -d: -f6)
sudo -u "$account" env --chdir="$home" HOME="$home" USER="$account" SHELL=/bin/bash \
    PATH=/opt/tljh/user/bin:/usr/bin:/bin \
    JUPYTERHUB_USER="$name" \
    JUPYTERHUB_API_URL="$api" \
    JUPYTERHUB_API_TOKEN=started-by-hand \
    JUPYTERHUB_CLIENT_ID="jupyterhub-user-$name" \
    JUPYTERHUB_SERVICE_PREFIX="/user/$name/" \
    JUPYTERHUB_SERVICE_URL="http://127.0.0.1:$port/user/$name/" \
    /opt/tljh/user/bin/jupyterhub-singleuser --debug
# --8<-- [end:by-hand]

# --8<-- [start:probe]
# In a second terminal: does it answer where the hub would look? {"version": ...} with
# HTTP 200 is Jupyter Server; "Connection refused": nothing listens there.
name=alice
port=8890
curl -sS -w '\nHTTP %{http_code}\n' "http://127.0.0.1:$port/user/$name/api"
# --8<-- [end:probe]
