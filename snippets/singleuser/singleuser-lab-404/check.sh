#!/bin/sh
# --8<-- [start:check]
# Which user interfaces the users' servers can load: run it as a user, on the machine
# (or in the image) where their servers run, with the same PATH.
singleuser=$(command -v jupyterhub-singleuser) || { echo "no jupyterhub-singleuser on PATH"; exit 1; }
python=$(head -n 1 "$singleuser" | sed 's/^#! *//')
echo "jupyterhub-singleuser: $singleuser (python: $python)"
"$python" - <<'PY'
from importlib.metadata import PackageNotFoundError, version
for name in ("jupyterlab", "notebook"):
    try:
        print(f"{name}: {version(name)}")
    except PackageNotFoundError:
        print(f"{name}: not installed")
PY
# --8<-- [end:check]
