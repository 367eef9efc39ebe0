#!/bin/sh
# --8<-- [start:routes]
# The proxy's routing table through the Hub API (an admin's token, or any token with the
# "proxy" scope). Each route's "target" is where the proxy connects for that URL.
hub=http://127.0.0.1:8000
curl -s -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/proxy"
echo
# --8<-- [end:routes]

# --8<-- [start:listening]
# On the machine (or in the container) of that target: is anything listening on its
# port, and on which address? 0.0.0.0 or * is every address, 127.0.0.1 loopback only.
port=8081
sudo ss -ltnp "( sport = :$port )"
# --8<-- [end:listening]
