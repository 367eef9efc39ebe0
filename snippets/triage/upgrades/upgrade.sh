#!/bin/sh
# After the upgrade: the database, the warnings, and the way back.

# --8<-- [start:upgrade-db]
# With the hub stopped: migrate the database to the new release's schema, from the hub's
# directory and with its configuration file (so that it finds the hub's db_url), then
# list the copies the sqlite file now has.
hubdir=/srv/jupyterhub
cd "$hubdir" || exit 1
jupyterhub upgrade-db -f "$hubdir/jupyterhub_config.py"
ls -l jupyterhub.sqlite*
# --8<-- [end:upgrade-db]

# --8<-- [start:warnings]
# Docker: the warnings and errors of the hub container's latest start, with the lines
# that continue them. name: the hub's container.
name=jupyterhub
started=$(docker inspect --format '{{.State.StartedAt}}' "$name")
docker logs --since "$started" "$name" 2>&1 | awk '
    /^\[[WEC] [0-9][0-9][0-9][0-9]-/ { on = 1; print; next }
    /^\[/ { on = 0 }
    on { print }'
# --8<-- [end:warnings]

# --8<-- [start:roll-back]
# Back to the saved database, with the hub stopped; the upgraded one is kept aside.
# saved: the folder the save command printed before the upgrade.
hubdir=/srv/jupyterhub
saved=/srv/jupyterhub/before-upgrade-YYYYMMDD-HHMMSS
db=jupyterhub.sqlite
if [ ! -f "$saved/$db" ]; then
    echo "no saved database in $saved" >&2
    exit 1
fi
cd "$hubdir" || exit 1
cp -p "$db" "$db.upgraded-$(date +%Y%m%d-%H%M%S)"
cp -p "$saved/$db" "$db"
echo "$db is now the one saved in $saved"
# --8<-- [end:roll-back]
