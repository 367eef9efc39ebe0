#!/bin/sh
# --8<-- [start:account]
# Is there an account spelled exactly like the hub's user name, and which accounts
# differ from it only in case? Use the name as the hub's log shows it.
name=johndoe
if getent passwd "$name" >/dev/null; then
  echo "account $name exists"
else
  echo "no account is named exactly $name"
fi
getent passwd | cut -d: -f1 | grep -i -x -F -e "$name" || true
# --8<-- [end:account]

# --8<-- [start:hub-users]
# The names the hub uses, as its REST API lists them (a token with the list:users and
# read:users scopes, for example an admin's from the hub's Token page).
hub=http://127.0.0.1:8000
token=API-TOKEN
curl -s -H "Authorization: token $token" "$hub/hub/api/users" |
  python3 -c 'import json, sys; print("\n".join(u["name"] for u in json.load(sys.stdin)))'
# --8<-- [end:hub-users]
