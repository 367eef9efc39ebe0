#!/bin/sh
# --8<-- [start:metrics]
# The hub's Prometheus metrics: how long its event loop takes to come round, how long
# requests and spawns take (a token with the read:metrics scope, unless
# c.JupyterHub.authenticate_prometheus = False).
token=paste-a-metrics-token-here
curl -s -H "Authorization: token $token" http://127.0.0.1:8000/hub/metrics | grep -E '^jupyterhub_(event_loop_interval_seconds|request_duration_seconds|server_spawn_duration_seconds)_(sum|count)'
# --8<-- [end:metrics]
