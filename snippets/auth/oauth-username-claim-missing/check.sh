#!/bin/sh
# --8<-- [start:asked]
# The scopes the hub asks the provider for: they are in the address its login page
# redirects to. No output means it asks for none.
hub=http://127.0.0.1:8000
curl -sS -o /dev/null -w '%{redirect_url}\n' "$hub/hub/oauth_login" |
  grep -o '[?&]scope=[^&]*'
# --8<-- [end:asked]

# --8<-- [start:offered]
# The scopes and claims the provider says it supports (OpenID Connect discovery). The
# claim you name in username_claim must be among them.
issuer=https://idp.example.org
curl -sS "$issuer/.well-known/openid-configuration" | python3 -c '
import json, sys
about = json.load(sys.stdin)
print("scopes:", " ".join(about.get("scopes_supported", [])))
print("claims:", " ".join(about.get("claims_supported", [])))'
# --8<-- [end:offered]
