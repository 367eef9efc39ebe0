#!/bin/sh
# --8<-- [start:pending]
# What the hub thinks of a user's servers, with an admin's API token in
# JUPYTERHUB_API_TOKEN. "pending": "stop" is a stop the hub is still waiting for.
hub=http://127.0.0.1:8000
name=alice
curl -s -H "Authorization: token $JUPYTERHUB_API_TOKEN" "$hub/hub/api/users/$name" |
    python3 -m json.tool
# --8<-- [end:pending]

# --8<-- [start:process]
# LocalProcessSpawner: the user's processes on the hub's machine. A server that is still
# listed while the hub waits for it to stop ignores the hub's signals; a D in the STAT
# column means it is stuck in the kernel (often on a network file system), where even
# SIGKILL waits.
name=alice
ps -o pid,stat,etime,args -u "$name"
# --8<-- [end:process]
