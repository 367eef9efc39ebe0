#!/bin/sh
# --8<-- [start:upgrade]
# Bring SQLAlchemy back to a release that both JupyterHub and alembic accept,
# in the hub's own environment, then restart the hub.
hub_python=/opt/jupyterhub/bin/python
"$hub_python" -m pip install --upgrade "SQLAlchemy>=2"
"$hub_python" -m pip check
# --8<-- [end:upgrade]
