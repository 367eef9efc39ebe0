#!/bin/sh
# Run on the machine where the user's server runs, as root.

# --8<-- [start:launcher]
# The command the hub runs: the text after "Spawning" in the hub's log (or
# c.Spawner.cmd). Does it run something that drops the environment, or passes its own
# address, port or prefix?
launcher=/usr/local/bin/start-singleuser
grep -nE 'env -i|--ignore-environment|(^|[ ;|&])(su|sudo|runuser|ssh)( |$)|--(ip|port)[= ]|base_url|JUPYTERHUB_' "$launcher" \
    || echo "nothing in $launcher drops the environment or sets an address"
# --8<-- [end:launcher]

# --8<-- [start:told]
# Where the hub told the user's running server to listen (JUPYTERHUB_SERVICE_URL in its
# environment), and where the server says it listens (its runtime file).
name=alice
pid=$(pgrep -o -u "$name" -f 'jupyterhub-singleuser') || { echo "no jupyterhub-singleuser process of $name"; exit 1; }
told=$(sudo -u "$name" cat "/proc/$pid/environ" | tr '\0' '\n' | sed -n 's/^JUPYTERHUB_SERVICE_URL=//p')
home=$(getent passwd "$name" | cut -d: -f6)
runs=$(sed -n 's/^ *"url": "\(.*\)",*$/\1/p' "$home/.local/share/jupyter/runtime/jpserver-$pid.json" 2>/dev/null)
echo "hub told: ${told:-nothing, no JUPYTERHUB_SERVICE_URL in its environment}"
echo "server at: ${runs:-unknown, no runtime file yet}"
# The port and the path must be the same; the address may differ (0.0.0.0 and
# 127.0.0.1 both answer on 127.0.0.1).
if [ -n "$told" ] && [ "${told#*://*:}" = "${runs#*://*:}" ]; then
    echo "OK: the server listens where the hub waits for it"
else
    echo "MISMATCH: the server does not listen where the hub waits for it"
fi
# --8<-- [end:told]
