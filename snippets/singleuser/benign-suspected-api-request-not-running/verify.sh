#!/bin/sh
# --8<-- [start:verify]
# After the user started the server again, the user's API URLs reach the server: 200
# from its /api URL (which needs no login). While it is stopped: 302, to the hub.
hub=http://127.0.0.1:8000
name=alice
curl -s -o /dev/null -w '%{http_code}\n' "$hub/user/$name/api"
# --8<-- [end:verify]
