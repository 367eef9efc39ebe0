#!/bin/sh
# /usr/local/bin/start-singleuser, the launcher c.Spawner.cmd names. The hub runs it as
# the user, with its arguments (from c.Spawner.args) and the JUPYTERHUB_* environment.
# --8<-- [start:own-port]
# Start the server on a fixed port and all addresses, as for a server run by hand.
# Command-line options win over the address and port in JUPYTERHUB_SERVICE_URL: the
# server listens on 8888 while the hub waits for it on the port it chose.
exec jupyterhub-singleuser --ip=0.0.0.0 --port=8888 "$@"
# --8<-- [end:own-port]
