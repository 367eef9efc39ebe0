#!/bin/sh
# --8<-- [start:token]
# A script talks to the API with a token (from the hub's Token page, /hub/token), never
# with a browser's cookies: token requests need no _xsrf. Here: start a user's server.
api=http://127.0.0.1:8081/hub/api
token=paste-your-token-here
name=alice
curl -s -w '\nHTTP %{http_code}\n' -X POST -H "Authorization: token $token" "$api/users/$name/server"
# --8<-- [end:token]
