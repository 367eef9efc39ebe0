#!/bin/sh
# --8<-- [start:verify]
# The default URL the user's server was given (on the hub's machine, LocalProcessSpawner:
# the server is a process of the user's own).
user=you
pid=$(pgrep -u "$user" -f jupyterhub-singleuser | head -n 1)
sudo -u "$user" cat "/proc/$pid/environ" | tr '\0' '\n' | grep '^JUPYTERHUB_DEFAULT_URL='
# --8<-- [end:verify]
