#!/bin/sh
# --8<-- [start:running]
# The user's unit runs, as the user.
name=you
unit="jupyter-$name-singleuser"
systemctl is-active "$unit"
ps -o user=,args= -p "$(systemctl show -p MainPID --value "$unit")"
# --8<-- [end:running]
