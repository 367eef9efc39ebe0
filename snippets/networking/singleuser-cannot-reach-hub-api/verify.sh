#!/bin/sh
# --8<-- [start:from-container]
# Ask the Hub API from inside alice's server, at the URL the hub gave that server.
name=alice
docker exec "jupyter-$name" python3 -c 'import os, urllib.request; print(urllib.request.urlopen(os.environ["JUPYTERHUB_API_URL"], timeout=5).read().decode())'
# --8<-- [end:from-container]

# --8<-- [start:from-node]
# From a machine where servers run: the hub's connect address and port
curl -sS -m 5 http://10.0.0.1:8081/hub/api
# --8<-- [end:from-node]
