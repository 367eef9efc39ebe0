#!/bin/sh
# --8<-- [start:routes]
# The proxy's routing table, with the token the hub uses. A healthy hub has at least
# "/" (the hub) and one "/user/<name>" per running server; {} means no route at all.
curl -s -H "Authorization: token $CONFIGPROXY_AUTH_TOKEN" http://127.0.0.1:8001/api/routes
echo
# --8<-- [end:routes]
