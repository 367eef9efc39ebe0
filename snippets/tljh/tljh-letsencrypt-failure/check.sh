#!/bin/sh
# --8<-- [start:config]
# https.letsencrypt.domains must be a list ("- hub.example.org"), with an email beside it:
sudo tljh-config show
# --8<-- [end:config]

# --8<-- [start:log]
# Traefik's attempts and Let's Encrypt's answer, newest last:
sudo journalctl -u traefik --since "2 hours ago" --no-pager | grep -i -E 'acme|certificate'
# --8<-- [end:log]

# --8<-- [start:dns]
domain=HUB.EXAMPLE.ORG
# The addresses the name points to: they must include this server's public address.
getent ahosts "$domain"
# Traefik must listen on 443 (and 80 for the redirect):
sudo ss -tlnp | grep -E ':(80|443) '
# --8<-- [end:dns]

# --8<-- [start:cert]
domain=HUB.EXAMPLE.ORG
# TRAEFIK DEFAULT CERT: no certificate yet; an issuer from Let's Encrypt: it worked.
echo | openssl s_client -connect 127.0.0.1:443 -servername "$domain" 2>/dev/null \
  | openssl x509 -noout -subject -issuer -enddate
# --8<-- [end:cert]
