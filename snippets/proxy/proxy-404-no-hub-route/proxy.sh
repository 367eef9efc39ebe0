#!/bin/sh
# The proxy's own command line, as its service runs it. The hub's API token comes from
# the environment variable CONFIGPROXY_AUTH_TOKEN, which both processes read.

# --8<-- [start:without-default]
# No default target: until the hub has added its route, no URL leads anywhere.
configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001 &
# --8<-- [end:without-default]

# --8<-- [start:error-page-only]
# Error pages from the hub, but still no default target.
configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001 \
    --error-target http://127.0.0.1:8081/hub/error &
# --8<-- [end:error-page-only]

# --8<-- [start:with-default]
# Unrouted requests go to the hub, and error pages come from the hub, even right after
# the proxy restarted. Both URLs are the hub's own address and port.
configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001 \
    --default-target http://127.0.0.1:8081 \
    --error-target http://127.0.0.1:8081/hub/error &
# --8<-- [end:with-default]
