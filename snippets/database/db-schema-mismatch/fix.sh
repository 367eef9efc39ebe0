#!/bin/sh
# Run these where the hub runs, as the user that runs it, with the hub stopped.

# --8<-- [start:backup]
# 1. Keep a copy of the database as it is now (sqlite: the file next to your config).
hubdir=/srv/jupyterhub
cd "$hubdir" || exit 1
cp -p jupyterhub.sqlite jupyterhub.sqlite.before-upgrade
# --8<-- [end:backup]

# --8<-- [start:backup-postgres]
# 1. With PostgreSQL, dump the database instead (names as in your db_url).
pg_dump --format=custom --file=jupyterhub-before-upgrade.dump jupyterhub
# --8<-- [end:backup-postgres]

# --8<-- [start:upgrade]
# 2. Upgrade the schema: from the hub's directory (a relative db_url such as the default
#    sqlite:///jupyterhub.sqlite is relative to it), subcommand first, then -f with the
#    config file the hub uses, so that upgrade-db finds the same database.
hubdir=/srv/jupyterhub
cd "$hubdir" || exit 1
jupyterhub upgrade-db -f "$hubdir/jupyterhub_config.py"
# --8<-- [end:upgrade]

# --8<-- [start:restore]
# Going back to the older JupyterHub: put the copy taken before the upgrade back.
# upgrade-db also leaves one itself, named jupyterhub.sqlite.<date>-<time>.
hubdir=/srv/jupyterhub
backup=jupyterhub.sqlite.before-upgrade
cd "$hubdir" || exit 1
cp -p "$backup" jupyterhub.sqlite
# --8<-- [end:restore]
