#!/bin/sh
# --8<-- [start:start-with-options]
# Start a user's server through the REST API with options, which the admin panel's
# Start Server button cannot send. A bare JSON object is the user_options on every
# release (JupyterHub 6 also reads {"user_options": {...}}, which 4.x and 5.x do not).
name=alice
token=YOUR-API-TOKEN
curl -s -w '%{http_code}\n' -X POST -H "Authorization: token $token" \
  -d '{"ui": "/tree", "threads": "2"}' "http://127.0.0.1:8081/hub/api/users/$name/server"
# --8<-- [end:start-with-options]
