#!/bin/sh
# The hub run by hand, in a terminal, as its service runs it but with debug logging.
# Run as the user the service runs as (root for most installations).

# --8<-- [start:stop-service]
# Stop the service first, so that it does not restart the hub on the same ports.
unit=jupyterhub
systemctl stop "$unit"
# --8<-- [end:stop-service]

# --8<-- [start:debug]
# In the service's working directory (where a relative sqlite:///jupyterhub.sqlite and
# jupyterhub_cookie_secret are), with its configuration file. Ctrl-C stops it.
hubdir=/srv/jupyterhub
cd "$hubdir" || exit 1
jupyterhub -f "$hubdir/jupyterhub_config.py" --debug
# --8<-- [end:debug]

# --8<-- [start:start-service]
# Once the foreground hub starts cleanly: stop it (Ctrl-C) and start the service again.
unit=jupyterhub
systemctl start "$unit"
# --8<-- [end:start-service]
