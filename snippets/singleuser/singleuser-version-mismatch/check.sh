#!/bin/sh
# --8<-- [start:hub-version]
# The hub's version (on the hub's machine, in its environment) ...
jupyterhub --version
# --8<-- [end:hub-version]

# --8<-- [start:server-version]
# ... and the version that the user's server started with (in its own log).
name=alice
docker logs "jupyter-$name" 2>&1 | grep -E 'Starting jupyterhub single-user server( extension)? version'
# --8<-- [end:server-version]
