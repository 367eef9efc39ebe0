#!/bin/sh
# The releases on both sides of the hub, and the settings a release knows.

# --8<-- [start:hub-versions]
# The hub's side, with the hub's own Python: JupyterHub, configurable-http-proxy, and the
# packages the hub imports (spawners, authenticators, the database's).
jupyterhub --version
configurable-http-proxy --version
hubpython=$(sed -n '1s/^#! *//p' "$(command -v jupyterhub)")
"$hubpython" -c 'import importlib.metadata as md, re
wanted = re.compile(r"jupyterhub|spawner|authenticator|sqlalchemy|alembic|traitlets|tornado", re.I)
for name in sorted({d.metadata["Name"] + "==" + d.version for d in md.distributions()}, key=str.lower):
    if wanted.search(name):
        print(name)'
# --8<-- [end:hub-versions]

# --8<-- [start:changed]
# What changed in the hub's Python since the folder was saved ("-" before, "+" now).
# saved: the folder the save command printed.
saved=/srv/jupyterhub/before-upgrade-YYYYMMDD-HHMMSS
hubpython=$(sed -n '1s/^#! *//p' "$(command -v jupyterhub)")
"$hubpython" -c 'import importlib.metadata as md
for name in sorted({d.metadata["Name"] + "==" + d.version for d in md.distributions()}, key=str.lower):
    print(name)' | diff -u "$saved/requirements.txt" - | grep '^[-+][^-+]'
# --8<-- [end:changed]

# --8<-- [start:api-version]
# The release of the hub that answers, from anywhere that reaches it: no token needed.
hub=http://127.0.0.1:8000
curl -sS -w '\n' "$hub/hub/api/"
# --8<-- [end:api-version]

# --8<-- [start:singleuser-versions]
# The users' side on the hub's machine (LocalProcessSpawner, SystemdSpawner, TLJH): the
# command the spawner starts (c.Spawner.cmd) says its JupyterHub release, then the
# packages of the Python that runs it.
cmd=jupyterhub-singleuser
"$cmd" --version
userpython=$(sed -n '1s/^#! *//p' "$(command -v "$cmd")")
"$userpython" -c 'import importlib.metadata as md
for name in ("jupyterhub", "jupyter_server", "jupyterlab", "notebook"):
    try:
        print(name, md.version(name))
    except md.PackageNotFoundError:
        print(name, "not installed")'
# --8<-- [end:singleuser-versions]

# --8<-- [start:trait]
# Whether this JupyterHub (and the spawners and authenticators installed with it) still
# has a setting, with its help text, which names the release that deprecated it.
trait=JupyterHub.statsd_prefix
jupyterhub --help-all | awk -v option="--$trait=" '
    index($0, option) == 1 { found = 1; shown = 1; print; next }
    shown && /^--/ { shown = 0 }
    shown { print }
    END { if (!found) print substr(option, 3, length(option) - 3) ": no such setting here" }'
# --8<-- [end:trait]
