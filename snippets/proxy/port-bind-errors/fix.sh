#!/bin/sh
# --8<-- [start:find-owner]
# Who listens on the public port, the proxy's API port and the hub's port?
sudo ss -ltnp '( sport = :8000 or sport = :8001 or sport = :8081 )'
# --8<-- [end:find-owner]

# --8<-- [start:stop-owner]
# Take the pid from the users:(("name",pid=...,fd=...)) column above.
pid=PID
ps -o pid,user,lstart,args -p "$pid"  # look before you stop it
kill "$pid"
# --8<-- [end:stop-owner]
