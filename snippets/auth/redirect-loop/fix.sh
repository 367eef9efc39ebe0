#!/bin/sh
# --8<-- [start:resync]
# The hub compares the proxy's routing table with its running servers now, instead of at
# its next check, and adds every missing route.
token=ADMIN-TOKEN
hub_api=http://127.0.0.1:8081/hub/api
curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: token $token" "$hub_api/proxy"
# --8<-- [end:resync]
