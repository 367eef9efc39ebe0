#!/bin/sh
# --8<-- [start:routes]
# Does the proxy have a route to the user's running server? Ask the hub for the proxy's
# routing table, with an admin's API token (make one on the hub's Token page, /hub/token).
token=ADMIN-TOKEN
name=alice
hub_api=http://127.0.0.1:8081/hub/api
if ! routes=$(curl -sf -H "Authorization: token $token" "$hub_api/proxy"); then
    echo "the hub did not answer: check the token and the hub's address"
else
    case $routes in
        *"\"/user/$name/\""*) echo "the proxy has a route for /user/$name/" ;;
        *) echo "no route for /user/$name/ in the proxy" ;;
    esac
fi
# --8<-- [end:routes]

# --8<-- [start:ports]
# Which program listens on which port: the proxy (node, configurable-http-proxy) on the
# public port, 8000 by default, and the hub (python, jupyterhub) on 8081. An address of
# 0.0.0.0 or * means every interface, reachable from other machines.
ss -ltnp | grep -E ':(8000|8081) '
# --8<-- [end:ports]
