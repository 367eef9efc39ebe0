#!/bin/sh
# Which program made an error page: the hub, or the user's own server.

# --8<-- [start:who]
# The status, the headers that tell the programs apart, and the page's title and heading.
# Pages of a user's server need the user's token (JUPYTERHUB_API_TOKEN, made at /hub/token);
# without it they answer with a redirect to the hub's login.
url=https://hub.example.org/user/alice/lab
curl -sS -D - -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$url" | tr -d '\r' \
    | grep -ioE '^(HTTP/[0-9.]+ [0-9]+.*|location: .*|x-jupyterhub-version: .*)$|<title>[^<]*</title>|<h1>[^<]*</h1>'
# --8<-- [end:who]
