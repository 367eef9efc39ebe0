#!/bin/sh
# --8<-- [start:verify]
systemctl is-active jupyterhub traefik
# The same minor version in both lines:
python3 --version
ls /opt/tljh/hub/lib/
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1/hub/api
# --8<-- [end:verify]
