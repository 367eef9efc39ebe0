#!/bin/sh
# Run as root on the hub's machine.

# --8<-- [start:reset]
# Stop one user's leftover unit and forget its failed state.
# Set the name first: as pasted, no unit has this name and both commands fail.
name=USER-NAME
unit="jupyter-$name-singleuser.service"
systemctl stop "$unit"
systemctl reset-failed "$unit" 2>/dev/null || true
systemctl list-units --all --no-pager "$unit"
# --8<-- [end:reset]
