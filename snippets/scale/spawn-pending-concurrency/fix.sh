#!/bin/sh
# --8<-- [start:stop-pending]
# Give up a spawn that hangs (an image pull that never ends, a pod that never gets
# scheduled): the hub stops it, and the slot is free again.
hub=http://127.0.0.1:8000
name=alice
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE \
    -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name/server"
# --8<-- [end:stop-pending]
