#!/bin/sh
# Ways to make and keep the key that encrypts auth_state, as the page shows them.

# --8<-- [start:make-key]
# 32 random bytes, hex-encoded: 64 characters.
openssl rand -hex 32
# --8<-- [end:make-key]

# --8<-- [start:env-file]
# A new key in a file only root can read, for the hub's service to load as its
# environment. set -C refuses to replace a file that exists: a new key in place of the
# old one would make every user's stored auth_state unreadable.
env_file=/etc/jupyterhub/crypt-key.env
mkdir -p "${env_file%/*}"
(umask 077 && set -C && printf 'JUPYTERHUB_CRYPT_KEY=%s\n' "$(openssl rand -hex 32)" > "$env_file")
# --8<-- [end:env-file]

# --8<-- [start:rotate]
# A new key in front of the current one. The hub encrypts with the first key, decrypts
# with any of them, and re-encrypts a user's auth_state with the first key whenever it
# reads it. The old key stays in the list, so nothing becomes unreadable.
env_file=/etc/jupyterhub/crypt-key.env
old_keys=$(sed -n 's/^JUPYTERHUB_CRYPT_KEY=//p' "$env_file")
if [ -z "$old_keys" ]; then
    echo "no JUPYTERHUB_CRYPT_KEY in $env_file: nothing to rotate" >&2
    false
else
    new_key=$(openssl rand -hex 32)
    (umask 077 && printf 'JUPYTERHUB_CRYPT_KEY=%s;%s\n' "$new_key" "$old_keys" > "$env_file.new") &&
        mv "$env_file.new" "$env_file"
fi
# --8<-- [end:rotate]
