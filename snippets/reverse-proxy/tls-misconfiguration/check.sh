#!/bin/sh
# Run on the reverse proxy's machine (the openssl and curl lines from anywhere).

# --8<-- [start:chain]
# The certificates nginx sends, and whether this machine can verify them. One entry under
# "Certificate chain" whose issuer (i:) is an intermediate CA: the chain is incomplete.
host=hub.example.org
openssl s_client -connect "$host:443" -servername "$host" </dev/null 2>/dev/null |
    grep -E '^Certificate chain|^ *[0-9]+ s:|^ +i:|^Verify return code'
# --8<-- [end:chain]

# --8<-- [start:curl]
# What a client that checks certificates says (no -k: the check is the point).
url=https://hub.example.org/hub/login
curl -sS -o /dev/null -w '%{http_code}\n' "$url"
# --8<-- [end:curl]

# --8<-- [start:hub-port]
# What speaks on the hub's own port, and whether the hub was told to do TLS itself.
config=/etc/jupyterhub/jupyterhub_config.py
curl -sS -o /dev/null -w 'http: %{http_code}\n' http://127.0.0.1:8000/hub/api || true
grep -nE '^ *c\.JupyterHub\.ssl_(cert|key)' "$config" || true
# --8<-- [end:hub-port]

# --8<-- [start:nginx-errors]
# nginx's complaints about the hub behind it.
grep -E 'upstream|SSL' /var/log/nginx/error.log | tail -n 5
# --8<-- [end:nginx-errors]
