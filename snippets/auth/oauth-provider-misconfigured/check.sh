#!/bin/sh
# --8<-- [start:sent]
# The callback URL the hub sends to the provider (its redirect_uri): it must be the one
# registered there, character for character, and on the address users open.
public_url=https://hub.example.org
curl -sS -o /dev/null -w '%{redirect_url}\n' "$public_url/hub/oauth_login" |
  python3 -c 'import sys, urllib.parse as p; print(p.parse_qs(p.urlsplit(sys.stdin.read().strip()).query)["redirect_uri"][0])'
# --8<-- [end:sent]

# --8<-- [start:token]
# Ask the provider's token URL, from the hub's machine, whether it takes the client's id
# and secret, sent as the hub sends them (in the form; with basic_auth = True, use
# -u "$client_id:$client_secret" instead). With a made-up code, a right pair gets 400
# (invalid_grant: the code is wrong) and a wrong pair gets 401 (invalid_client).
token_url=https://idp.example.org/token
client_id=CLIENT-ID
client_secret=CLIENT-SECRET
curl -sS -w '\nHTTP %{http_code}\n' -d grant_type=authorization_code -d code=not-a-real-code \
  --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" \
  "$token_url"
# --8<-- [end:token]

# --8<-- [start:tls]
# Whether the hub's machine trusts the provider's certificate (the system's CA list):
# "Verify return code: 0 (ok)" if it does.
host=idp.example.org
port=443
openssl s_client -connect "$host:$port" -servername "$host" -verify_hostname "$host" \
  </dev/null 2>/dev/null | grep 'Verify return code'
# --8<-- [end:tls]

# --8<-- [start:tls-ca]
# The same check against the CA file you give the hub.
host=idp.example.org
port=443
ca=/etc/jupyterhub/idp-ca.pem
openssl s_client -connect "$host:$port" -servername "$host" -verify_hostname "$host" \
  -CAfile "$ca" </dev/null 2>/dev/null | grep 'Verify return code'
# --8<-- [end:tls-ca]
