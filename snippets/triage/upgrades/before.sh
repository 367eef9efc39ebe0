#!/bin/sh
# Before an upgrade: what you need to go back.

# --8<-- [start:save]
# A folder with a consistent copy of the sqlite database (safe while the hub runs), the
# configuration, the cookie secret and the release of every package in the hub's Python.
# Run it as the hub's user (root for most installations), where `jupyterhub` is the hub's.
hubdir=/srv/jupyterhub
db=jupyterhub.sqlite
cd "$hubdir" || exit 1
saved="$hubdir/before-upgrade-$(date +%Y%m%d-%H%M%S)"
(umask 077 && mkdir "$saved") || exit 1
hubpython=$(sed -n '1s/^#! *//p' "$(command -v jupyterhub)")
"$hubpython" - "$db" "$saved/$db" <<'PY' || exit 1
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
copy = sqlite3.connect(sys.argv[2])
source.backup(copy)
(check,) = copy.execute("PRAGMA integrity_check").fetchone()
(revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
print(f"{sys.argv[1]}: copied (integrity {check}), schema revision {revision}")
PY
for file in jupyterhub_config.py jupyterhub_cookie_secret; do
    if [ -e "$file" ]; then cp -p "$file" "$saved/"; fi
done
"$hubpython" -c 'import importlib.metadata as md
for name in sorted({d.metadata["Name"] + "==" + d.version for d in md.distributions()}, key=str.lower):
    print(name)' > "$saved/requirements.txt"
jupyterhub --version > "$saved/jupyterhub-version.txt"
ls -l "$saved"
echo "saved in $saved"
# --8<-- [end:save]
