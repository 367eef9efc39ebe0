#!/bin/sh
# Where the hub's own output goes, and the state its service manager reports.

# --8<-- [start:status]
# systemd: the service's state and the exit status of its last run (status=1 and
# ActiveState=failed: the hub exited; NRestarts counts restarts by Restart=).
unit=jupyterhub
systemctl show "$unit" -p ActiveState -p SubState -p ExecMainStatus -p NRestarts
# --8<-- [end:status]

# --8<-- [start:journal]
# systemd: the hub's last 100 lines since the machine booted, its traceback at the end.
unit=jupyterhub
journalctl -u "$unit" -b --no-pager -n 100
# --8<-- [end:journal]

# --8<-- [start:unit]
# systemd: the unit file and its drop-ins, as systemd reads them (ExecStart=, User=,
# WorkingDirectory=, Environment=, StandardOutput=).
unit=jupyterhub
systemctl cat "$unit"
# --8<-- [end:unit]

# --8<-- [start:docker]
# Docker: the hub container's state, then its last lines (stdout and stderr).
name=jupyterhub
lines=100
docker inspect --format 'status: {{.State.Status}}, exit code: {{.State.ExitCode}}, restarts: {{.RestartCount}}' "$name"
docker logs --tail "$lines" "$name" 2>&1
# --8<-- [end:docker]
