#!/bin/sh
# --8<-- [start:try]
# Open a terminal as the user would, check that it still runs a second later (a shell
# that exits at once has closed it by then), then close it again.
hub_url=https://hub.example.org
name=alice
token=USER-TOKEN
api="$hub_url/user/$name/api/terminals"
term=$(curl -sf -X POST -H "Authorization: token $token" "$api" | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p')
[ -n "$term" ] && echo "terminal $term created" && sleep 1 \
    && curl -sf -o /dev/null -H "Authorization: token $token" "$api/$term" && echo "terminal $term still running" \
    && curl -sf -X DELETE -H "Authorization: token $token" "$api/$term" && echo "terminal $term closed"
# --8<-- [end:try]
