#!/bin/sh
# --8<-- [start:verify]
sudo tljh-config show
systemctl is-active jupyterhub traefik
# 200 once the hub answers through the proxy on port 80:
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1/hub/api
# --8<-- [end:verify]
