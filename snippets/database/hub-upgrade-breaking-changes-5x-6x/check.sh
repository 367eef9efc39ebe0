#!/bin/sh
# --8<-- [start:named-servers]
# Every user's servers, stopped ones included, with their names (a token of an admin
# user or of a service with the list:users and read:servers scopes).
token=paste-an-admin-token-here
curl -s -H "Authorization: token $token" "http://127.0.0.1:8081/hub/api/users?include_stopped_servers=1"
# --8<-- [end:named-servers]
