#!/bin/sh
# --8<-- [start:check]
# Mode and owner of the secret: 600 and the hub's user is right.
secret_file=/srv/jupyterhub/jupyterhub_cookie_secret
stat -c '%a %U %n' "$secret_file"
# --8<-- [end:check]
