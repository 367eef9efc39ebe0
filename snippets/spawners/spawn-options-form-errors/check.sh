#!/bin/sh
# --8<-- [start:options]
# On the hub's machine: the user_options each running server of a user was started
# with, as the spawner received them (an admin's API token: the hub's Token page).
name=alice
token=YOUR-API-TOKEN
curl -s -H "Authorization: token $token" "http://127.0.0.1:8081/hub/api/users/$name" |
  python3 -c 'import json, sys; servers = json.load(sys.stdin)["servers"]; print(json.dumps({n or "(default)": s["user_options"] for n, s in servers.items()}))'
# --8<-- [end:options]

