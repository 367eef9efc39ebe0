#!/bin/sh
# After a change, and around an upgrade, of The Littlest JupyterHub.

# --8<-- [start:save]
# Before an upgrade: TLJH's configuration and state (database, cookie secret, Traefik's
# files and certificates), a consistent copy of the database, and the packages of both
# environments, in a folder only root can read. Users' homes are not in it.
keep="/root/tljh-before-upgrade-$(date +%Y%m%d-%H%M%S)"
sudo mkdir -m 700 "$keep"
sudo cp -a /opt/tljh/config /opt/tljh/state "$keep/"
sudo /opt/tljh/hub/bin/python3 - /opt/tljh/state/jupyterhub.sqlite "$keep/jupyterhub.sqlite" <<'PY'
import sqlite3
import sys

source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(copy)
print("jupyterhub.sqlite copied:", copy.execute("pragma integrity_check").fetchone()[0])
PY
/opt/tljh/hub/bin/python3 -m pip freeze | sudo tee "$keep/hub-env.txt" >/dev/null
/opt/tljh/user/bin/conda list --export | sudo tee "$keep/user-env.txt" >/dev/null
sudo ls -l "$keep"
echo "saved in $keep"
# --8<-- [end:save]

# --8<-- [start:upgrade]
# TLJH's documented upgrade, from an SSH session on the machine, not from a terminal in
# JupyterHub. version: latest, or a release such as 2.0.0. Admins and settings are kept.
version=latest
curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - --version="$version"
# --8<-- [end:upgrade]

# --8<-- [start:after]
# The installer's last line ("Done!"), both services, the hub's version through Traefik.
sudo tail -n 1 /opt/tljh/installer.log
systemctl is-active jupyterhub traefik
curl -sS -w '\nHTTP %{http_code}\n' http://127.0.0.1/hub/api
# --8<-- [end:after]
