#!/bin/sh
# Run on the hub's machine, as root (the user the hub runs as).

# --8<-- [start:by-hand]
# The single-user command and its arguments: everything after "Spawning" in the hub's
# log. And the user whose server failed.
spawning='jupyterhub-singleuser --ServerApp.shutdown_no_activity_timeout=3600 --no-mathjax'
name=alice
# Run it as that user, in their home, with the PATH of the running hub. Without the
# settings the hub passes, a command that is fine stops at the first one it needs.
hub_pid=$(pgrep -o -f 'jupyterhub( |$)')
hub_path=$(tr '\0' '\n' < "/proc/$hub_pid/environ" | sed -n 's/^PATH=//p')
out=$(sudo -u "$name" -H env PATH="$hub_path" timeout 20 sh -c "cd && $spawning" 2>&1) || true
printf '%s\n' "$out" | tail -n 3
if printf '%s\n' "$out" | grep -q 'Missing required environment .JUPYTERHUB_SERVICE_URL'; then
    echo "OK: the command, its arguments and its Python environment load"
else
    echo "FAILED: the lines above are the single-user server's own error" >&2
    exit 1
fi
# --8<-- [end:by-hand]
