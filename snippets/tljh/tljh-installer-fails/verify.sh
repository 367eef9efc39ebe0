#!/bin/sh
# --8<-- [start:verify]
sudo tail -n 1 /opt/tljh/installer.log
systemctl is-active jupyterhub traefik
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1/hub/api
# --8<-- [end:verify]
