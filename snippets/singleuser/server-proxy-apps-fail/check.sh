#!/bin/sh
# --8<-- [start:path]
# The PATH the user's server runs with, and whether the app's command is on it.
# Run as root on the machine where the user's server runs (LocalProcessSpawner,
# SudoSpawner, SystemdSpawner).
name=alice
app=dashboard
pid=$(pgrep -o -u "$name" -f jupyterhub-singleuser)
path=$(sudo -u "$name" cat "/proc/$pid/environ" | tr '\0' '\n' | sed -n 's/^PATH=//p')
echo "PATH=$path"
if found=$(PATH=$path command -v "$app"); then echo "$found"; else echo "$app: not found on the server's PATH"; fi
# --8<-- [end:path]

# --8<-- [start:listeners]
# Every TCP port open on this machine, with its program and owner. With a shared
# machine (LocalProcessSpawner), each one on 127.0.0.1 or all addresses is reachable
# by every user at /user/<their name>/proxy/<port>/.
ss -ltnpe
# --8<-- [end:listeners]
