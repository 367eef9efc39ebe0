#!/bin/sh
# A drop-in for the hub's systemd unit: the hub, and the proxy it starts, get this limit
# of open files (soft and hard). Run as root. unit: the name of your hub's service.

# --8<-- [start:limit]
unit=jupyterhub
limit=65536
mkdir -p "/etc/systemd/system/$unit.service.d"
printf '[Service]\nLimitNOFILE=%s\n' "$limit" > "/etc/systemd/system/$unit.service.d/nofile.conf"
systemctl daemon-reload
systemctl restart "$unit"
# --8<-- [end:limit]
