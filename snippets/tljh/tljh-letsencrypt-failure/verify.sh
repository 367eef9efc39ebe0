#!/bin/sh
# --8<-- [start:verify]
domain=HUB.EXAMPLE.ORG
echo | openssl s_client -connect 127.0.0.1:443 -servername "$domain" 2>/dev/null \
  | openssl x509 -noout -issuer
# From another machine too: 200, with no certificate error.
curl -sS -o /dev/null -w '%{http_code}\n' "https://$domain/hub/api"
# --8<-- [end:verify]
