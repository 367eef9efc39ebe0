#!/bin/sh
# --8<-- [start:start-server]
# Start the user's server through the hub's REST API and follow its progress, as an admin.
# token: an API token with the admin:servers scope, e.g. from the hub's token page of an
# admin user. The last line says "ready": true, or the error.
hub=http://127.0.0.1:8000
name=alice
token=paste-an-admin-token-here
curl -sS -o /dev/null -w '%{http_code}\n' -X POST \
  -H "Authorization: token $token" "$hub/hub/api/users/$name/server"
curl -sS -N --max-time 60 -H "Authorization: token $token" \
  "$hub/hub/api/users/$name/server/progress" | grep '^data:' | tail -n 1
# --8<-- [end:start-server]
