#!/bin/sh
# Run on the reverse proxy's machine, as root.

# --8<-- [start:fullchain]
# The server's certificate first, then the intermediate your CA gave you with it.
cert=/etc/ssl/jupyterhub/hub.crt
intermediate=/etc/ssl/jupyterhub/intermediate.crt
cat "$cert" "$intermediate" >/etc/ssl/jupyterhub/fullchain.crt
# The first certificate must be the one that matches the key (the two lines are equal).
openssl x509 -in /etc/ssl/jupyterhub/fullchain.crt -noout -pubkey | sha256sum
openssl pkey -in /etc/ssl/jupyterhub/hub.key -pubout | sha256sum
# --8<-- [end:fullchain]

# --8<-- [start:reload-nginx]
nginx -t && nginx -s reload
# --8<-- [end:reload-nginx]
