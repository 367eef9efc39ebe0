#!/bin/sh
# Run these on the hub's machine, as root.

# --8<-- [start:pid1]
# Which program the machine booted with (the first process), and whether systemd answers.
ps -o comm= -p 1
systemctl is-system-running --wait
# --8<-- [end:pid1]

# --8<-- [start:units]
# Every unit SystemdSpawner made, in any state, and the failed ones.
systemctl list-units --all --no-pager 'jupyter-*'
systemctl --failed --no-pager
# --8<-- [end:units]

# --8<-- [start:journal]
# The state of one user's unit and its latest lines in the journal.
name=you
unit="jupyter-$name-singleuser"
systemctl status --no-pager -l -n 30 "$unit" || true
# What the process systemd forked for the unit logged before the server ran: these lines
# do not always carry the unit's name, but they carry its process id.
journalctl --no-pager -n 10 _PID="$(systemctl show -p ExecMainPID --value "$unit")"
# --8<-- [end:journal]

# --8<-- [start:limits]
# The cgroup version, the limits systemd was given, and whether it can measure them.
name=you
unit="jupyter-$name-singleuser"
stat -fc %T /sys/fs/cgroup/
systemctl show -p MemoryMax -p MemoryCurrent -p CPUQuotaPerSecUSec "$unit"
journalctl --no-pager -b | grep -m1 'System is tainted'
# --8<-- [end:limits]
