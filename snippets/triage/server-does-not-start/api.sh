#!/bin/sh
# The hub's REST API, with the token of an admin user in JUPYTERHUB_API_TOKEN.

# --8<-- [start:token]
# A token of an admin user (listed in c.Authenticator.admin_users), made by the hub's own
# command in its directory, with its configuration. Nothing is printed: the token is in
# the variable, for the commands below in this shell.
hubdir=/srv/jupyterhub
admin=your-admin-name
cd "$hubdir" || exit 1
JUPYTERHUB_API_TOKEN=$(jupyterhub token -f "$hubdir/jupyterhub_config.py" "$admin")
export JUPYTERHUB_API_TOKEN
# --8<-- [end:token]

# --8<-- [start:user]
# What the hub knows of a user: admin or not, roles, groups, last activity, and each
# server with "ready", "pending" ("spawn", "stop"), its "url" and when it "started".
# HTTP 404: the hub has no such user (the login never got that far).
hub=http://127.0.0.1:8000
name=alice
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name"
# --8<-- [end:user]

# --8<-- [start:progress]
# The progress events of the user's default server: while it starts, each step as the
# spawner reports it; once it is up, "ready"; after a failed start, "failed" with the
# error the hub kept. HTTP 400 "is not starting": none of those.
hub=http://127.0.0.1:8000
name=alice
curl -sS -N --max-time 60 -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name/server/progress"
# --8<-- [end:progress]
