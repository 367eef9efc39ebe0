#!/bin/sh
# --8<-- [start:verify]
# After the next restart the hub loads what it wrote before, instead of writing anew.
name=jupyterhub
docker logs "$name" 2>&1 | grep -E 'cookie_secret|stamp_revision'
# --8<-- [end:verify]
