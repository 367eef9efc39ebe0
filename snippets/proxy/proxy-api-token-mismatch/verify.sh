#!/bin/sh
# --8<-- [start:verify]
# With the token the hub uses: 200 and a JSON list of routes. A 403 means another token.
curl -s -o /dev/null -w '%{http_code}\n' \
    -H "Authorization: token $CONFIGPROXY_AUTH_TOKEN" \
    http://127.0.0.1:8001/api/routes
# --8<-- [end:verify]
