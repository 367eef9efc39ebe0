#!/bin/sh
# The Littlest JupyterHub's logs: the journal of the hub, of Traefik and of each user's
# server, and a file of the installer's. As a user who may use sudo.

# --8<-- [start:hub]
# The hub's own log (JupyterHub's lines, and the output of systemd-run for each server it
# starts) over the last hour. Each failure ends with its traceback.
unit=jupyterhub
since="1 hour ago"
sudo journalctl -u "$unit" --since "$since" --no-pager
# --8<-- [end:hub]

# --8<-- [start:boot]
# The last 100 lines of the hub and Traefik since the machine booted, in time order
# (add -f to follow new lines as they come; Ctrl-C stops it).
sudo journalctl -u jupyterhub -u traefik -b --no-pager -n 100
# --8<-- [end:boot]

# --8<-- [start:user]
# Every user's unit that systemd holds now (running, starting, stopping or failed); then
# one user's: the state of its unit (LoadState=not-found: systemd has forgotten it) and
# the server's own output since boot.
name=alice
unit="jupyter-$name"
systemctl list-units --all --no-pager 'jupyter-*'
systemctl show "$unit" -p LoadState -p ActiveState -p SubState -p Result -p ExecMainStatus
sudo journalctl -u "$unit" -b --no-pager -n 100
# --8<-- [end:user]

# --8<-- [start:installer]
# The installer's last lines, then the last commands it ran that failed (their output
# follows each "with exit code" line in the file).
sudo tail -n 40 /opt/tljh/installer.log
sudo grep -n 'with exit code [1-9]' /opt/tljh/installer.log | tail -n 5
# --8<-- [end:installer]
