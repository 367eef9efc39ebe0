#!/bin/sh
# --8<-- [start:fix]
# Only the user the hub runs as may read the secret: root, or its own user (such as
# jupyterhub) for a hub that does not run as root.
secret_file=/srv/jupyterhub/jupyterhub_cookie_secret
hub_user=HUB-USER
chown "$hub_user" "$secret_file" && chmod 600 "$secret_file"
# --8<-- [end:fix]
