#!/bin/sh
# --8<-- [start:verify]
systemctl is-active jupyterhub traefik
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1/hub/api
# From your own computer, with the server's public address or name:
host=HUB-ADDRESS
curl -sS -o /dev/null -w '%{http_code}\n' "http://$host/hub/login"
# --8<-- [end:verify]
