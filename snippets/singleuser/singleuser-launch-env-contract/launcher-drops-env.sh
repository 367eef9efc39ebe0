#!/bin/sh
# /usr/local/bin/start-singleuser, the launcher c.Spawner.cmd names. The hub runs it as
# the user, with its arguments (from c.Spawner.args) and the JUPYTERHUB_* environment.
# --8<-- [start:drops-env]
# Start the server in a clean environment, with only a PATH and a HOME.
# env -i drops every variable the hub passed, JUPYTERHUB_SERVICE_URL and
# JUPYTERHUB_API_TOKEN with them. "su -", "sudo" (env_reset), "runuser -l" and
# "ssh host command" drop them the same way.
exec env -i PATH=/opt/hub/bin:/usr/local/bin:/usr/bin:/bin HOME="$HOME" \
    jupyterhub-singleuser "$@"
# --8<-- [end:drops-env]
