#!/bin/sh
# --8<-- [start:verify]
# 200 means the proxy is up and routes /hub/ to the hub
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:8000/hub/login
# --8<-- [end:verify]
