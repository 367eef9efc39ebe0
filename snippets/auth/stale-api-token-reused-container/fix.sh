#!/bin/sh
# --8<-- [start:check-logs]
# Is alice's server rejected by the hub? (DockerSpawner names containers jupyter-<name>)
name=alice
docker logs --since 10m "jupyter-$name" 2>&1 | grep 'Error notifying Hub of activity'
# --8<-- [end:check-logs]

# --8<-- [start:list-containers]
# All users' containers, running or stopped, with their age
docker ps -a --filter 'name=^jupyter-' --format '{{.Names}}\t{{.Status}}\t{{.CreatedAt}}'
# --8<-- [end:list-containers]

# --8<-- [start:remove-container]
name=alice
docker rm -f "jupyter-$name"
# --8<-- [end:remove-container]

# --8<-- [start:local-orphans]
# Without containers: single-user servers still running from before the reset
pgrep -a -f jupyterhub-singleuser
pid=4242  # one of the pids above, after checking whose it is
kill "$pid"
# --8<-- [end:local-orphans]

# --8<-- [start:stop-all-servers]
# Before you delete or replace the database, or upgrade across 2.0: stop every server
# through the hub, with an API token of an admin user (hub page /hub/token).
hub_api=http://127.0.0.1:8081/hub/api
auth="Authorization: token $JUPYTERHUB_ADMIN_TOKEN"
# The API returns at most 200 users per request: run this again until it stops nothing.
for name in $(curl -sS -H "$auth" "$hub_api/users?state=active&limit=200" |
    python3 -c 'import json, sys; print(" ".join(u["name"] for u in json.load(sys.stdin)))'); do
    curl -sS -X DELETE -H "$auth" "$hub_api/users/$name/server"
done
# --8<-- [end:stop-all-servers]
