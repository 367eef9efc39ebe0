#!/bin/sh
# --8<-- [start:whoami]
# Whom the hub takes the token for, with which roles and scopes. HTTP 403 and no name:
# the hub does not know the token (mistyped, expired, revoked, or the header is wrong).
api=http://127.0.0.1:8081/hub/api
token=paste-the-token-here
curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: token $token" "$api/user"
# --8<-- [end:whoami]

# --8<-- [start:tokens]
# A user's tokens that still work: id, note, when each expires. Expired tokens are not
# listed (the hub deletes them). Run it with an admin's token, or the user's own.
api=http://127.0.0.1:8081/hub/api
token=paste-an-admin-token-here
name=alice
curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: token $token" "$api/users/$name/tokens"
# --8<-- [end:tokens]
