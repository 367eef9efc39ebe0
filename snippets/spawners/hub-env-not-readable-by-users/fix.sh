#!/bin/sh
# Run these on the hub's machine, as root.

# --8<-- [start:open]
# The environment's directory, from check.sh's "unreadable" section.
prefix=ENV-DIR
# What other users cannot enter, read or run: give everyone read access, and execute
# access to directories and to what is executable already (capital X). Nothing else
# changes; only root may still write. Never chmod -R 777.
find "$prefix" \( \( -type d ! -perm -o=rx \) -o \( -type f ! -perm -o=r \) \
    -o \( -type f -perm -u=x ! -perm -o=x \) \) -exec chmod a+rX {} +
# --8<-- [end:open]

# --8<-- [start:close-state]
# Only if check.sh's "state" section listed files: the directory that holds them.
state=STATE-DIR
chmod -R go-rwx "$state"
# --8<-- [end:close-state]

# --8<-- [start:reinstall]
# For an environment under /root or another user's home: make a new one in /opt, with a
# umask that leaves it readable, at the JupyterHub version the old one has.
old=/root/jupyterhub
version=$("$old/bin/jupyterhub" --version)
umask 022
python3 -m venv /opt/jupyterhub
/opt/jupyterhub/bin/pip install "jupyterhub==$version" jupyterlab
# Then install the packages your users need there too, point your jupyterhub service's
# ExecStart (or your start script) at /opt/jupyterhub/bin/jupyterhub, and restart it.
# --8<-- [end:reinstall]
