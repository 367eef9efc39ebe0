#!/bin/sh
# --8<-- [start:other-dir]
# Started from another directory (a service without a working directory starts in /):
# jupyterhub_config.py is looked for in that directory only, and the hub runs on defaults.
cd /
jupyterhub --debug
# --8<-- [end:other-dir]
