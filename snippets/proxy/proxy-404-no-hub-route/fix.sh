#!/bin/sh
# --8<-- [start:restart-hub]
# The hub adds every route again when it starts.
sudo systemctl restart jupyterhub
# --8<-- [end:restart-hub]
