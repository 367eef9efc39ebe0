#!/bin/sh
# --8<-- [start:auth-state]
# Does the hub still read a user's auth_state? Asks with an admin's API token (make one on
# the hub's Token page, /hub/token); prints whether it is there, never its content.
token=ADMIN-TOKEN
name=alice
hub_api=http://127.0.0.1:8081/hub/api
curl -sf -H "Authorization: token $token" "$hub_api/users/$name" | python3 -c '
import json, sys
state = json.load(sys.stdin).get("auth_state")
print("auth_state: none, or unreadable with this key" if state is None
      else "auth_state: present (%d fields)" % len(state))'
# --8<-- [end:auth-state]

# --8<-- [start:key-file]
# Mode and owner of the key file: 600 and root (or the hub's own user) is right.
env_file=/etc/jupyterhub/crypt-key.env
stat -c '%a %U %n' "$env_file"
# --8<-- [end:key-file]
