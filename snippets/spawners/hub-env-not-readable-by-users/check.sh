#!/bin/sh
# Run these on the hub's machine, as root (the user the hub runs as).

# --8<-- [start:access]
# The file from the hub's "Permission denied trying to run '...'" line, and a user whose
# server does not start.
cmd=/opt/jupyterhub/bin/jupyterhub-singleuser
name=alice
# Every directory on the way with its mode and owner: other users need x on each one
# (drwx------ stops them) and r on the file.
namei -l "$cmd"
# The Python on its first line (#!) must be reachable too.
python=$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$cmd")
if [ -n "$python" ]; then namei -l "$python"; fi
# Run it as the user: it prints JupyterHub's version when the user can start it.
sudo -u "$name" "$cmd" --version
# --8<-- [end:access]

# --8<-- [start:unreadable]
# The environment's directory: the path in the message up to /bin/.
prefix=/opt/jupyterhub
# The directories other users cannot enter (not what is inside them), and the files they
# cannot read or run, the first 20. No output: everything in the environment is open.
find "$prefix" \( -type d ! -perm -o=rx -print -prune \) -o \( -type f ! -perm -o=r -print \) \
    -o \( -type f -perm -u=x ! -perm -o=x -print \) | head -n 20
# --8<-- [end:unreadable]

# --8<-- [start:state]
# The environment's directory, as above.
prefix=/opt/jupyterhub
# The hub's own files, which must stay root's alone: no output means none is inside.
find "$prefix" \( -name jupyterhub_config.py -o -name jupyterhub_cookie_secret \
    -o -name 'jupyterhub*.sqlite' \) -print
# --8<-- [end:state]
