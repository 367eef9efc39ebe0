#!/bin/sh
# --8<-- [start:delete-server]
# Delete one named server for good: the hub stops it, then forgets it and what its spawner
# remembered about it (DockerSpawner: its container's name). The names are in the first
# column of the user's home page.
hub=http://127.0.0.1:8000
name=USER-NAME
server=SERVER-NAME
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE -d '{"remove": true}' \
    -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name/servers/$server"
# --8<-- [end:delete-server]

# --8<-- [start:start-server]
# Create and start a named server through the API. On JupyterHub 6 the name must be 1 to
# 30 lowercase letters, digits and single hyphens, starting with a letter and ending
# with a letter or a digit.
hub=http://127.0.0.1:8000
name=alice
server=my-server
curl -s -o /dev/null -w '%{http_code}\n' -X POST \
    -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name/servers/$server"
# --8<-- [end:start-server]
