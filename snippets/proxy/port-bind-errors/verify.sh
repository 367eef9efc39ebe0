#!/bin/sh
# --8<-- [start:verify]
# the proxy on 8000 and 8001 (node; Node.js 24 shows "MainThread"), jupyterhub on 8081,
# nothing else
sudo ss -ltnp '( sport = :8000 or sport = :8001 or sport = :8081 )'
# 200 from the hub's login page, through the proxy
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:8000/hub/login
# --8<-- [end:verify]
