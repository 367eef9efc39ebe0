#!/bin/sh
# Run these on the hub's machine, as root (the user the hub runs as).

# --8<-- [start:configured]
# The command the hub runs (the first word after "Spawning" in the hub's log), and a user.
cmd=/opt/conda/bin/jupyterhub-singleuser
name=alice
# The PATH of the running hub: LocalProcessSpawner passes it on to the user's server,
# and a bare command name (jupyterhub-singleuser) is looked up there.
hub_pid=$(pgrep -o -f 'jupyterhub( |$)')
hub_path=$(tr '\0' '\n' < "/proc/$hub_pid/environ" | sed -n 's/^PATH=//p')
echo "the hub's PATH: $hub_path"
# Can the user run the command, with that PATH?
if ! found=$(sudo -u "$name" env PATH="$hub_path" sh -c 'command -v "$1"' sh "$cmd") ||
    ! sudo -u "$name" test -x "$found"; then
    echo "$name cannot run $cmd: no such file, or not on the hub's PATH" >&2
    exit 1
fi
# A script whose first line (#!) names a Python that is gone fails the same way.
python=$(head -n 1 "$found" | sed -n 's/^#! *\([^ ]*\).*/\1/p')
if [ -n "$python" ] && ! sudo -u "$name" test -x "$python"; then
    echo "$found starts with $python, which $name cannot run" >&2
    exit 1
fi
echo "$name can run: $found"
# --8<-- [end:configured]

# --8<-- [start:find]
# Every jupyterhub-singleuser on this machine. Use the one in the environment that has
# JupyterHub and your users' packages (usually next to the hub's own jupyterhub).
find / \( -path /proc -o -path /sys \) -prune -o -name jupyterhub-singleuser -type f -print
# --8<-- [end:find]
