#!/bin/sh
# --8<-- [start:cli]
# The same from the command line: all IPv4 addresses
jupyterhub -f /etc/jupyterhub/jupyterhub_config.py --ip=0.0.0.0
# --8<-- [end:cli]
