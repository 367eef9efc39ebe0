#!/bin/sh
# --8<-- [start:groups]
# What the hub made of a user who logged in: admin or not, and the groups it set. Use an
# admin's API token (make one on the hub's Token page, /hub/token).
token=ADMIN-TOKEN
name=alice
hub_api=http://127.0.0.1:8081/hub/api
curl -sSf -H "Authorization: token $token" "$hub_api/users/$name" | python3 -c '
import json, sys
user = json.load(sys.stdin)
print("admin:", user["admin"], "groups:", user["groups"])'
# --8<-- [end:groups]
