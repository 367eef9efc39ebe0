#!/bin/sh
# --8<-- [start:create-dir]
# Create the directory of the database file and give it to the user that runs the hub:
# root, or with Zero to JupyterHub and most images a user such as jovyan (uid 1000).
# Better still, mount a volume there so the database survives the container.
dir=/srv/jupyterhub/data
hubuser=HUB-USER
mkdir -p "$dir"
chown "$hubuser" "$dir" && chmod 700 "$dir"
# --8<-- [end:create-dir]

# --8<-- [start:filesystem]
# Which filesystem holds the database? nfs or nfs4 (or any network filesystem) means
# sqlite's locks cannot be trusted there.
dir=/srv/jupyterhub/data
stat -f -c '%T' "$dir"
# --8<-- [end:filesystem]

# --8<-- [start:find-holder]
# Which processes have the database file open? (Linux; `fuser -v FILE` says the same.)
db=/srv/jupyterhub/data/jupyterhub.sqlite
for fd in /proc/[0-9]*/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$db" ]; then
        pid=${fd#/proc/}
        pid=${pid%%/*}
        echo "$pid $(tr '\0' ' ' < "/proc/$pid/cmdline")"
    fi
done | sort -u
# --8<-- [end:find-holder]

# --8<-- [start:stop-holder]
# Stop the other program (another hub, a backup or sync job) by its pid.
pid=PID  # from the list above
ps -o pid,args -p "$pid"
kill "$pid"
# --8<-- [end:stop-holder]
