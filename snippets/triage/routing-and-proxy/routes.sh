#!/bin/sh
# The routing table: what the proxy forwards where. Run on the hub's machine.

# --8<-- [start:proxy-table]
# Asked of configurable-http-proxy itself, on its API port, with its token: the
# CONFIGPROXY_AUTH_TOKEN you set for it, or else (as root) the one the hub gave the
# proxy it started. A healthy hub has "/" (the hub) and one "/user/<name>" per running
# server, each with its "target".
api=http://127.0.0.1:8001
if [ -z "$CONFIGPROXY_AUTH_TOKEN" ]; then
    pid=$(pgrep -o -f 'node.*[c]onfigurable-http-proxy') || { echo "no configurable-http-proxy runs here"; exit 1; }
    CONFIGPROXY_AUTH_TOKEN=$(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^CONFIGPROXY_AUTH_TOKEN=//p')
fi
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $CONFIGPROXY_AUTH_TOKEN" "$api/api/routes"
# --8<-- [end:proxy-table]

# --8<-- [start:hub-table]
# The same table as the hub reads it from the proxy, with an admin's token (any proxy
# class: configurable-http-proxy, Traefik...). HTTP 500 here: the hub cannot reach its
# proxy's API.
hub=http://127.0.0.1:8000
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/proxy"
# --8<-- [end:hub-table]

# --8<-- [start:resync]
# Make the hub add the routes the proxy lacks (and remove stale ones) now, instead of at
# its next check (every JupyterHub.last_activity_interval, 5 minutes by default).
hub=http://127.0.0.1:8000
curl -sS -X POST -w 'HTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/proxy"
# --8<-- [end:resync]
