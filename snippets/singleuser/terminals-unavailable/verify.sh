#!/bin/sh
# --8<-- [start:verify]
# The user's server offers terminals again: its terminal API answers 200.
hub_url=https://hub.example.org
name=alice
token=USER-TOKEN
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token $token" "$hub_url/user/$name/api/terminals")
if [ "$status" = 200 ]; then echo "terminals available"; else echo "no terminals: HTTP $status"; exit 1; fi
# --8<-- [end:verify]
