#!/bin/sh
# /usr/local/bin/start-singleuser, the launcher c.Spawner.cmd names. The hub runs it as
# the user, with its arguments (from c.Spawner.args) and the JUPYTERHUB_* environment.
# --8<-- [start:own-prefix]
# Start the server under / instead of the prefix the hub gave it (/user/<name>/):
# a command-line option wins over JUPYTERHUB_SERVICE_PREFIX too.
exec jupyterhub-singleuser --ServerApp.base_url=/ "$@"
# --8<-- [end:own-prefix]
