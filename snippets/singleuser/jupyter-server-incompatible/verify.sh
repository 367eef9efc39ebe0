#!/bin/sh
# --8<-- [start:verify]
# The user's server answers through the hub with the Jupyter Server version it runs
# (its /api URL needs no login): 2.x after the fix.
hub=http://127.0.0.1:8000
name=alice
curl -sS "$hub/user/$name/api"
echo
# --8<-- [end:verify]
