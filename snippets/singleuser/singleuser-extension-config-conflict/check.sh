#!/bin/sh
# --8<-- [start:files]
# Which config files the user's server reads, as that user, from the user's home (the
# directory LocalProcessSpawner starts the server in). Run as root where the server runs;
# jupyter is the one next to the jupyterhub-singleuser your spawner starts.
name=alice
jupyter=/opt/jupyterhub/bin/jupyter
home=$(getent passwd "$name" | cut -d: -f6)
sudo -u "$name" -H "$jupyter" --paths
(cd "$home" && sudo -u "$name" -H "$jupyter" server --debug --show-config 2>&1) | grep -E 'Loaded config file|Bad config'
# --8<-- [end:files]

# --8<-- [start:settings]
# What those files set, merged (it fails with the same "Bad config" line as the server
# when a setting is invalid).
name=alice
jupyter=/opt/jupyterhub/bin/jupyter
home=$(getent passwd "$name" | cut -d: -f6)
(cd "$home" && sudo -u "$name" -H "$jupyter" server --show-config 2>&1)
# --8<-- [end:settings]
