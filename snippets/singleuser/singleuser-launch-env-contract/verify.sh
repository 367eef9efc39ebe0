#!/bin/sh
# --8<-- [start:verify]
# The user's server answers under its prefix, through the hub's public URL
# (its /api needs no login): 200 once it works.
hub_url=http://127.0.0.1:8000
name=alice
curl -s -o /dev/null -w '%{http_code}\n' "$hub_url/user/$name/api"
# --8<-- [end:verify]
