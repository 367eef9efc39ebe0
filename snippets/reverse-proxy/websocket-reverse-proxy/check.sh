#!/bin/sh
# Run on the reverse proxy's machine.

# --8<-- [start:access-log]
# The kernels' websocket requests and their status: 101 is a working websocket, any other
# status the handshake refused on the way. (Apache: /var/log/apache2/access.log.)
log=/var/log/nginx/access.log
grep -E '/api/kernels/[^ ]+/channels[^ ]* HTTP/1\.1" [0-9]+' "$log" | tail -n 5
# --8<-- [end:access-log]

# --8<-- [start:nginx-headers]
# What nginx passes on to the hub: without `proxy_http_version 1.1` and the Upgrade and
# Connection headers, websockets stop at nginx.
nginx -T 2>/dev/null | grep -nE 'proxy_pass|proxy_http_version|proxy_set_header +(Upgrade|Connection)'
# --8<-- [end:nginx-headers]

# --8<-- [start:apache-proxy]
# How Apache passes websockets on: `upgrade=websocket` on the ProxyPass line (2.4.47 and
# later), or a RewriteRule to ws:// with mod_proxy_wstunnel.
grep -rnE 'ProxyPass |upgrade=websocket|ws://' /etc/apache2/sites-enabled/
apache2ctl -M 2>/dev/null | grep -E 'proxy_(http|wstunnel)_module'
# --8<-- [end:apache-proxy]
