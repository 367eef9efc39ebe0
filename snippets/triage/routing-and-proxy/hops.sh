#!/bin/sh
# Who answers a URL: follow it hop by hop, from the address users open to the route's
# target. Responses from JupyterHub (the hub or a single-user server) carry an
# X-JupyterHub-Version header; configurable-http-proxy's own errors do not.

# --8<-- [start:front]
# Through everything in front (the address users open, or the proxy's public port).
url=http://127.0.0.1:8000/user/alice/api
curl -sS -o /dev/null -D - "$url" | grep -iE '^(HTTP/|location:|server:|x-jupyterhub-version:)'
# --8<-- [end:front]

# --8<-- [start:target]
# The route's target directly, past the proxy: the "target" of the route from the
# routing table, with the rest of the path.
target=http://127.0.0.1:PORT
path=/user/alice/api
curl -sS -o /dev/null -D - "$target$path" | grep -iE '^(HTTP/|location:|server:|x-jupyterhub-version:)'
# --8<-- [end:target]
