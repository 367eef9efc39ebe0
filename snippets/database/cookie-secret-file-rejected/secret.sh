#!/bin/sh
# Ways to make the cookie secret, as the page shows them.

# --8<-- [start:create-readable]
# With the usual umask (022) the new file is -rw-r--r--: readable by every user.
secret_file=/srv/jupyterhub/jupyterhub_cookie_secret
openssl rand -hex 32 > "$secret_file"
# --8<-- [end:create-readable]

# --8<-- [start:create-private]
# A umask of 077 for this command only: the file is born -rw-------.
secret_file=/srv/jupyterhub/jupyterhub_cookie_secret
(umask 077 && openssl rand -hex 32 > "$secret_file")
# --8<-- [end:create-private]

# --8<-- [start:env-secret]
# For JPY_COOKIE_SECRET: 64 hexadecimal characters (not base64).
openssl rand -hex 32
# --8<-- [end:env-secret]
