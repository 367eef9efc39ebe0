#!/bin/sh
# Run on the machine where the user's server logs (check.sh:server-log) and on the
# reverse proxy's machine (the others).

# --8<-- [start:server-log]
# The user's server's refusals: Origin is what the browser's address bar has, Host is
# what reached the server. (LocalProcessSpawner: the hub's own log, for example
# `journalctl -u jupyterhub`; DockerSpawner: `docker logs jupyter-<name>`.)
log=/var/log/jupyterhub/jupyterhub.log
grep -E 'Blocking Cross Origin (API request|WebSocket Attempt)' "$log" | tail -n 5
# --8<-- [end:server-log]

# --8<-- [start:nginx-host]
# Which Host nginx sends on: $host has no port, $http_host is the browser's own.
nginx -T 2>/dev/null | grep -nE 'proxy_pass|proxy_set_header +(Host|X-Forwarded-Proto)'
# --8<-- [end:nginx-host]

# --8<-- [start:apache-host]
# Without `ProxyPreserveHost On`, Apache sends the ProxyPass address as the Host.
grep -rnE 'ProxyPreserveHost|X-Forwarded-Proto|ProxyPass ' /etc/apache2/sites-enabled/
# --8<-- [end:apache-host]
