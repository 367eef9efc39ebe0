#!/bin/sh
# Run on any machine that reaches the hub through the reverse proxy, while a server is
# starting (start one from the hub's home page, or with the API).

# --8<-- [start:stream]
# The spawn's progress events as they arrive, each with the time it came. A token of an
# admin or of the user (hub's Token page); --compressed asks for gzip, as browsers do.
url=https://hub.example.org
name=USER-NAME
token=YOUR-TOKEN
curl -sN --compressed -H "Authorization: token $token" \
    "$url/hub/api/users/$name/server/progress" |
    while IFS= read -r line; do
        if [ -n "$line" ]; then echo "$(date +%T) $line"; fi
    done
# --8<-- [end:stream]

# --8<-- [start:nginx-buffering]
# On the reverse proxy's machine: what decides whether nginx holds the stream.
# No proxy_buffering line: on. No proxy_http_version line: HTTP/1.0 to the hub.
nginx -T 2>/dev/null | grep -nE '^[[:space:]]*(location|proxy_buffering|proxy_http_version|gzip|gzip_types)\b'
# --8<-- [end:nginx-buffering]
