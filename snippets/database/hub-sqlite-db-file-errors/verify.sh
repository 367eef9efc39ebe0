#!/bin/sh
# --8<-- [start:verify]
# The database file exists where db_url points, owned by the hub's user.
db=/srv/jupyterhub/data/jupyterhub.sqlite
ls -l "$db"
# --8<-- [end:verify]
