#!/bin/sh
# Run as root where the users' servers run: on the hub's machine for LocalProcessSpawner
# and SystemdSpawner, or in the user image's Dockerfile (RUN) for DockerSpawner and
# KubeSpawner.

# --8<-- [start:server-csp]
# Jupyter Server's system-wide configuration, read by every user's server at its start.
portals="https://portal.example.org"
config=/etc/jupyter/jupyter_server_config.py
mkdir -p /etc/jupyter
if [ -e "$config" ]; then
    echo "$config exists: add the c.ServerApp.tornado_settings lines to it by hand"
else
    cat > "$config" <<PY
c.ServerApp.tornado_settings = {
    "headers": {"Content-Security-Policy": "frame-ancestors $portals"},
}
PY
    echo "written: $config"
fi
# --8<-- [end:server-csp]

