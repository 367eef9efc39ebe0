#!/bin/sh
# --8<-- [start:options-first]
# Wrong: options before the subcommand. The hub's own command line then sees
# "upgrade-db" as a stray argument and upgrades nothing.
jupyterhub -f /srv/jupyterhub/jupyterhub_config.py upgrade-db
# --8<-- [end:options-first]
