#!/bin/sh
# --8<-- [start:versions]
# The releases on the hub's machine: JupyterHub, configurable-http-proxy, and the Python
# packages the hub imports (read from the hub's own Python, pip or no pip).
jupyterhub --version
configurable-http-proxy --version
hubpython=$(sed -n '1s/^#! *//p' "$(command -v jupyterhub)")
"$hubpython" - <<'PY'
import importlib.metadata as md
import re
wanted = re.compile(r"jupyter|spawner|authenticator|sqlalchemy|alembic|tornado|traitlets|oauthlib|psycopg|pymysql|idle.culler", re.I)
for dist in sorted(md.distributions(), key=lambda d: d.metadata["Name"].lower()):
    if wanted.search(dist.metadata["Name"]):
        print(f"{dist.metadata['Name']}=={dist.version}")
PY
# --8<-- [end:versions]

# --8<-- [start:ports]
# What listens on the public port (8000), the proxy's API port (8001) and the hub's
# port (8081), with the program and its pid (as root, to see other users' programs).
ports='8000|8001|8081'
ss -ltnp | grep -E ":($ports)\b" || echo "nothing listens on $ports"
# --8<-- [end:ports]
