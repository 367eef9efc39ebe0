#!/bin/sh
# --8<-- [start:revoke]
# Delete one token of a user: its id ("id": "a3") from the list above. A token that came
# from api_tokens has the note "from config", and keeps working until you delete it.
api=http://127.0.0.1:8081/hub/api
token=paste-an-admin-token-here
name=USER-NAME
token_id=TOKEN-ID
curl -s -w 'HTTP %{http_code}\n' -X DELETE -H "Authorization: token $token" "$api/users/$name/tokens/$token_id"
# --8<-- [end:revoke]
