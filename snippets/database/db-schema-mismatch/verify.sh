#!/bin/sh
# --8<-- [start:users]
# The users the hub knew before the upgrade, through its REST API
# (a token of an admin user or of a service allowed to list users).
token=paste-an-admin-token-here
curl -s -H "Authorization: token $token" http://127.0.0.1:8081/hub/api/users
# --8<-- [end:users]
