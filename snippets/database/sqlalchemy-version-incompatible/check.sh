#!/bin/sh
# --8<-- [start:versions]
# The hub's own Python environment (the directory of the jupyterhub command you run).
hub_python=/opt/jupyterhub/bin/python
"$hub_python" -m pip list 2>/dev/null | grep -i -E '^(jupyterhub|sqlalchemy|alembic) '
# pip's own consistency check names a pair that does not fit.
"$hub_python" -m pip check | grep -i -E 'sqlalchemy|alembic|jupyterhub' || echo "pip check: no conflict"
# --8<-- [end:versions]
