#!/bin/sh
# Run as root (or with sudo) on the machine, container or pod where the proxy runs:
# /proc/<pid>/fd of another user's process is readable by root only.

# --8<-- [start:limits]
# Each proxy process on this machine: its limit, what it holds, its memory.
# (The brackets keep pgrep from finding this very script, when it runs as one.)
for pid in $(pgrep -f 'node.*[c]onfigurable-http-proxy'); do
    echo "proxy pid $pid"
    grep 'Max open files' "/proc/$pid/limits"
    echo "open descriptors: $(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)"
    ps -o rss=,etime= -p "$pid" | awk '{print "resident memory: " $1 " KiB, running for " $2}'
done
# --8<-- [end:limits]

# --8<-- [start:sockets]
# The machine's sockets by state: thousands in timewait or orphaned point at a leak or
# at the local port range (see the page).
ss -s
# --8<-- [end:sockets]
