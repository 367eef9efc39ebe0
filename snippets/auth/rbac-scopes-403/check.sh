#!/bin/sh
# --8<-- [start:whoami]
# Whom the hub takes the token for, and its scopes: "scopes": [] means it has no role.
api=http://127.0.0.1:8081/hub/api
token=paste-the-service-token-here
curl -s -H "Authorization: token $token" "$api/user"
echo
# --8<-- [end:whoami]

# --8<-- [start:list-users]
# The request the idle culler makes first, and the status the hub answers: 403 until
# the service has list:users, then 200 and the users.
api=http://127.0.0.1:8081/hub/api
token=paste-the-service-token-here
curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: token $token" "$api/users"
# --8<-- [end:list-users]
