#!/bin/sh
# --8<-- [start:verify]
# The user's server answers through the proxy again: 200 from its /api URL (which needs
# no login), where the dead server gave 503 and the stopped one 424.
hub=http://127.0.0.1:8000
name=alice
curl -s -o /dev/null -w '%{http_code}\n' "$hub/user/$name/api"
# --8<-- [end:verify]
