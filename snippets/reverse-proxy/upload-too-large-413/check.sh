#!/bin/sh
# Run on the reverse proxy's machine.

# --8<-- [start:error-log]
# Request bodies nginx refused, with their size in bytes and the request.
grep 'client intended to send too large body' /var/log/nginx/error.log | tail -n 5
# --8<-- [end:error-log]

# --8<-- [start:access-log]
# The refused uploads and saves: PUT requests to the contents API answered 413.
grep -E '"PUT /[^ ]*/api/contents/[^ ]* HTTP/[0-9.]+" 413 ' /var/log/nginx/access.log | tail -n 5
# --8<-- [end:access-log]

# --8<-- [start:nginx-limit]
# The limits in force: no line at all means nginx's default, 1m.
nginx -T 2>/dev/null | grep -nE '^[[:space:]]*client_max_body_size' || echo "client_max_body_size not set: 1m"
# --8<-- [end:nginx-limit]
