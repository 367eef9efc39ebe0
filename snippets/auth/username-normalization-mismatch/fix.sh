#!/bin/sh
# --8<-- [start:remove-stale-user]
# Remove from the hub the user left over under the lower-cased name (it has no account,
# and the hub keeps trying to add it at each start). It removes the hub's record of the
# user (tokens, server records), not the account or any file.
hub=http://127.0.0.1:8000
token=API-TOKEN
name=USER-NAME
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE \
  -H "Authorization: token $token" "$hub/hub/api/users/$name"
# --8<-- [end:remove-stale-user]
