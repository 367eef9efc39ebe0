#!/bin/sh
# --8<-- [start:count]
# Every user with the state of their default server ("ready", "pending": "spawn", ...),
# with an admin's token. Count the pending and the running ones.
hub=http://127.0.0.1:8000
curl -s -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users?state=active"
echo
# --8<-- [end:count]
