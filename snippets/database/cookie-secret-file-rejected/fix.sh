#!/bin/sh
# --8<-- [start:fix]
# Only the user the hub runs as may read the secret (root here; e.g. jupyterhub for a
# hub that runs as its own user).
secret_file=/srv/jupyterhub/jupyterhub_cookie_secret
hub_user=root
chown "$hub_user" "$secret_file"
chmod 600 "$secret_file"
# --8<-- [end:fix]
