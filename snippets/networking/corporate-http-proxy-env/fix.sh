#!/bin/sh
# --8<-- [start:check]
# Which proxy variables does the running hub have? (the oldest jupyterhub process)
pid=$(pgrep -o -f 'jupyterhub ')
sudo cat "/proc/$pid/environ" | tr '\0' '\n' | grep -i '_proxy='
# --8<-- [end:check]

# --8<-- [start:systemd]
# Give the hub service exceptions for everything it talks to internally.
sudo mkdir -p /etc/systemd/system/jupyterhub.service.d
printf '%s\n' '[Service]' \
    'Environment="NO_PROXY=localhost,127.0.0.1,jupyterhub" "no_proxy=localhost,127.0.0.1,jupyterhub"' |
    sudo tee /etc/systemd/system/jupyterhub.service.d/no-proxy.conf
sudo systemctl daemon-reload
sudo systemctl restart jupyterhub
# --8<-- [end:systemd]

# --8<-- [start:docker]
# The hub in a container: pass the exceptions with the proxy variables.
docker run -d --name jupyterhub \
    -e HTTPS_PROXY="http://proxy.example.org:3128" \
    -e NO_PROXY="localhost,127.0.0.1,jupyterhub" -e no_proxy="localhost,127.0.0.1,jupyterhub" \
    quay.io/jupyterhub/jupyterhub jupyterhub
# --8<-- [end:docker]
