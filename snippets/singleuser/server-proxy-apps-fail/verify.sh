#!/bin/sh
# --8<-- [start:verify]
# Each app answers through the hub: its status, where it gave 500 or 404 before.
# JUPYTERHUB_API_TOKEN: a token of the user's, from the hub's Token page (/hub/token).
hub=http://127.0.0.1:8000
name=alice
for app in dashboard report maps docs; do
    status=$(curl -s -o /dev/null -w '%{http_code}' \
        -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/user/$name/$app/")
    echo "$app $status"
done
# --8<-- [end:verify]
