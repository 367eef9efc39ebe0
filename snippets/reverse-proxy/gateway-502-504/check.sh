#!/bin/sh
# Run on the reverse proxy's machine.

# --8<-- [start:error-log]
# Why nginx answered 502 or 504: "Connection refused" (nothing listens where nginx
# connects) or "timed out" (the answer took longer than proxy_read_timeout).
grep -E 'while connecting to upstream|upstream timed out' /var/log/nginx/error.log | tail -n 5
# --8<-- [end:error-log]

# --8<-- [start:nginx-upstream]
# Where nginx sends requests, and the timeouts it allows (none listed: 60 s).
nginx -T 2>/dev/null | grep -nE '^[[:space:]]*(proxy_pass|proxy_read_timeout|proxy_send_timeout|proxy_connect_timeout)'
# --8<-- [end:nginx-upstream]

# --8<-- [start:listeners]
# Who listens on the hub's ports: configurable-http-proxy on 8000 (public) and 8001
# (its API), the hub on 8081.
ss -ltnp | grep -E ':(8000|8001|8081)\b'
# --8<-- [end:listeners]

# --8<-- [start:hop]
# Ask the hub through its proxy, as nginx does: 200 means the upstream answers.
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:8000/hub/api/
# --8<-- [end:hop]
