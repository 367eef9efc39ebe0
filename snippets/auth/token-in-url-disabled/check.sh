#!/bin/sh
# --8<-- [start:compare]
# The same request to alice's server (it must be running), with the token in the URL and
# then in the Authorization header. 403 then 200 is this problem. (The server's log shows
# token=[secret]; do not try this against /hub/api/: the hub's log would keep the token.)
hub=http://127.0.0.1:8000
name=alice
token=paste-the-token-here
echo "token in the URL:    $(curl -s -o /dev/null -w '%{http_code}' "$hub/user/$name/api/status?token=$token")"
echo "token in the header: $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token $token" "$hub/user/$name/api/status")"
# --8<-- [end:compare]

# --8<-- [start:header]
# A script's request, with the token in the Authorization header: the list of files at
# the top of alice's home directory, then HTTP 200.
hub=http://127.0.0.1:8000
name=alice
token=paste-the-token-here
curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: token $token" "$hub/user/$name/api/contents"
# --8<-- [end:header]
