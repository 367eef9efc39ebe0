#!/bin/sh
# --8<-- [start:servers]
# Every server a user has, stopped ones included (they count towards the limit), with an
# admin's API token in JUPYTERHUB_API_TOKEN.
hub=http://127.0.0.1:8000
name=alice
curl -s -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name?include_stopped_servers" | python3 -m json.tool
# --8<-- [end:servers]

# --8<-- [start:containers]
# DockerSpawner: the user's containers. Two servers should be two containers,
# jupyter-alice for the default server and jupyter-alice--<server name> for a named one.
name=alice
docker ps --all --filter "name=jupyter-$name" --format '{{.Names}} {{.Status}}'
# --8<-- [end:containers]
