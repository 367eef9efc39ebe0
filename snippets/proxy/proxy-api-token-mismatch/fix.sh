#!/bin/sh
# --8<-- [start:find-stale]
# Which process answers on the proxy's API port, and since when has it been running?
sudo ss -ltnp '( sport = :8001 )'
pgrep -a -f configurable-http-proxy
# --8<-- [end:find-stale]

# --8<-- [start:stop-stale]
pid=PID  # the leftover proxy's pid, from the output above
ps -o pid,user,lstart,args -p "$pid"
kill "$pid"
# --8<-- [end:stop-stale]

# --8<-- [start:shared-token]
# One secret, in the environment of both the proxy and the hub.
CONFIGPROXY_AUTH_TOKEN=$(openssl rand -hex 32)
export CONFIGPROXY_AUTH_TOKEN
configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001 \
    --error-target http://127.0.0.1:8081/hub/error &
jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
# --8<-- [end:shared-token]
