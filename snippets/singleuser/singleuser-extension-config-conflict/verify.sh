#!/bin/sh
# --8<-- [start:verify]
# The user's config now loads without error, as the server will load it.
name=alice
jupyter=/opt/jupyterhub/bin/jupyter
home=$(getent passwd "$name" | cut -d: -f6)
(cd "$home" && sudo -u "$name" -H "$jupyter" server --show-config >/dev/null 2>&1) && echo "the server config of $name loads"
# --8<-- [end:verify]
