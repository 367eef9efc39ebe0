#!/bin/sh
# --8<-- [start:login-shell]
# Give the account a shell that exists (run as root where the server runs).
name=USER-NAME
usermod -s /bin/bash "$name"
# --8<-- [end:login-shell]

# --8<-- [start:install]
# Install the terminal extension in the environment that runs jupyterhub-singleuser
# (for DockerSpawner or KubeSpawner: in the image), then restart the user's server.
python=/opt/jupyterhub/bin/python
"$python" -m pip install jupyter_server_terminals terminado
# --8<-- [end:install]
