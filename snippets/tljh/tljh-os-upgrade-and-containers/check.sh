#!/bin/sh
# --8<-- [start:upgrade]
# The system's Python now, and the one the hub environment was built for:
python3 --version
ls /opt/tljh/hub/lib/
# The unit's ExecStart names the old lib/python3.X path after an upgrade:
systemctl status jupyterhub --no-pager --lines=0
sudo journalctl -u jupyterhub -n 20 --no-pager
# --8<-- [end:upgrade]

# --8<-- [start:container]
# On a machine booted with systemd this prints "systemd":
ps -p 1 -o comm=
# Exists only inside a Docker container:
ls -l /.dockerenv
# "running" or "degraded" with systemd; an error or "offline" without it:
systemctl is-system-running
# --8<-- [end:container]
