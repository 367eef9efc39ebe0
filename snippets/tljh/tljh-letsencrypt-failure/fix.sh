#!/bin/sh
# --8<-- [start:letsencrypt]
email=YOU@EXAMPLE.ORG
domain=HUB.EXAMPLE.ORG
sudo tljh-config set https.enabled true
sudo tljh-config set https.letsencrypt.email "$email"
sudo tljh-config add-item https.letsencrypt.domains "$domain"
sudo tljh-config reload proxy
# --8<-- [end:letsencrypt]

# --8<-- [start:string-domain]
# TLJH 1.0.0 and older: a domain stored as a word instead of a list. Remove it, then
# add it back as a list item:
domain=HUB.EXAMPLE.ORG
sudo tljh-config unset https.letsencrypt.domains
sudo tljh-config add-item https.letsencrypt.domains "$domain"
sudo tljh-config reload proxy
# --8<-- [end:string-domain]

# --8<-- [start:firewall]
# Let's Encrypt connects to 443 from the internet; 80 redirects browsers to https.
sudo ufw allow 443/tcp
sudo ufw allow 80/tcp
# --8<-- [end:firewall]

# --8<-- [start:staging]
# While you test: certificates from Let's Encrypt's staging service (not trusted by
# browsers, but not rate-limited). Set it back to false once the log shows no error.
sudo tljh-config set https.letsencrypt.staging true
sudo tljh-config reload proxy
# --8<-- [end:staging]

# --8<-- [start:retry]
# Traefik asks again when it starts:
sudo systemctl restart traefik
# --8<-- [end:retry]
