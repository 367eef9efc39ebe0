#!/bin/sh
# --8<-- [start:space]
# Where the user's server runs (a terminal in JupyterLab, `docker exec -it jupyter-<name> sh`,
# `kubectl exec -it jupyter-<name> -- sh`), as the user: how full the home is, in bytes
# and in inodes. Use% 100% or IUse% 100% is this problem.
home=$HOME
df -h "$home"
df -i "$home"
# --8<-- [end:space]

# --8<-- [start:largest]
# The 20 largest files and folders under the home, biggest last. -x stays on the home's
# own filesystem. Nothing is deleted.
home=$HOME
du -xah "$home" 2>/dev/null | sort -h | tail -n 20
# --8<-- [end:largest]

# --8<-- [start:hub]
# On the hub's machine: the filesystem that holds the hub's database (the folder of
# jupyterhub.sqlite, the hub's working directory unless db_url says otherwise), then the
# largest files and folders in that folder.
dir=/srv/jupyterhub
df -h "$dir"
du -xah "$dir" 2>/dev/null | sort -h | tail -n 10
# --8<-- [end:hub]
