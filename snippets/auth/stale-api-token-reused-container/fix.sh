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
name=USER-NAME  # the user whose container to remove, as in the list above
docker rm -f "jupyter-$name"
# --8<-- [end:remove-container]

# --8<-- [start:local-orphans]
# Without containers: single-user servers still running from before the reset
pgrep -a -f jupyterhub-singleuser
pid=PID  # one of the pids above, after checking whose it is
kill "$pid"
# --8<-- [end:local-orphans]

# --8<-- [start:stop-all-servers]
# Before you delete or replace the database, or upgrade across 2.0: stop every server
# through the hub, named servers included, with an API token of an admin user (hub page
# /hub/token). It lists all running servers first, and stops nothing if that fails.
hub_api=http://127.0.0.1:8081/hub/api
token=paste-an-admin-token-here
HUB_API="$hub_api" TOKEN="$token" python3 - <<'EOF'
import json, os, sys
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen


def call(method, path, **headers):
    headers["Authorization"] = "token " + os.environ["TOKEN"]
    try:
        with urlopen(Request(os.environ["HUB_API"] + path, method=method, headers=headers)) as r:
            return r.status, r.read()
    except HTTPError as e:
        return e.code, e.read()


servers, offset = [], 0  # (user, server name); "" is the default server
while offset is not None:  # every page of users, up to 200 per request
    status, body = call("GET", f"/users?state=active&limit=200&offset={offset}",
                        Accept="application/jupyterhub-pagination+json")
    if status != 200:
        sys.exit(f"listing servers failed ({status} {body[:200]!r}): nothing stopped")
    page = json.loads(body)
    servers += [(user["name"], name) for user in page["items"] for name in user["servers"]]
    offset = (page["_pagination"]["next"] or {}).get("offset")

for user, name in servers:
    server = f"servers/{quote(name, safe='')}" if name else "server"
    status, _ = call("DELETE", f"/users/{quote(user, safe='')}/{server}")
    print(status, user, name or "(default server)")  # 204 stopped, 202 stopping
EOF
# --8<-- [end:stop-all-servers]
