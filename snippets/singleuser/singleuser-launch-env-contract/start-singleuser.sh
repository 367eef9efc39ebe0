#!/bin/sh
# /usr/local/bin/start-singleuser, the launcher c.Spawner.cmd names. The hub runs it as
# the user, with its arguments (from c.Spawner.args) and the JUPYTERHUB_* environment.
# --8<-- [start:fixed]
# Prepare what the site needs (its own variables, a module, a directory), then start
# the server with the environment and the arguments the hub gave this script, unchanged.
export EXAMPLE_SITE_SETTING=on
exec jupyterhub-singleuser "$@"
# --8<-- [end:fixed]
