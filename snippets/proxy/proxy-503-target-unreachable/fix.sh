#!/bin/sh
# --8<-- [start:restart-server]
# Stop a server that died without the hub noticing; the user then starts it again from
# the hub's home page. Same as the user clicking "Stop My Server".
hub=http://127.0.0.1:8000
name=alice
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE \
    -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name/server"
# --8<-- [end:restart-server]
