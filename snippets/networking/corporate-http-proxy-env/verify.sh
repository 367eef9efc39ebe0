#!/bin/sh
# --8<-- [start:verify]
# curl reads the same variables as libcurl inside a 4.1/5.x hub with pycurl. Run it with
# the hub's environment: it must connect to 127.0.0.1 port 8001 itself, not to the proxy.
curl -sv -o /dev/null -m 5 http://127.0.0.1:8001/api/routes 2>&1 |
    grep -E '^\* (Uses proxy env variable|Connected to)'
# --8<-- [end:verify]
