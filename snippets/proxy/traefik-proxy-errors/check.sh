#!/bin/sh
# --8<-- [start:which]
# Run as the hub's user, with the hub's environment (sudo -u, or systemd-run -p User=...).
command -v traefik || echo "traefik is not on this PATH: $PATH"
# --8<-- [end:which]

# --8<-- [start:routers]
# The API address, user name and password the hub uses (TraefikProxy.traefik_api_*).
api=http://localhost:8099
user=jupyterhub
password=API-PASSWORD
curl -sS -u "$user:$password" "$api/api/http/routers" | tr ',' '\n' | grep '"name"'
# --8<-- [end:routers]
