#!/bin/sh
# --8<-- [start:install]
package=numpy
sudo -E pip install "$package"
# or, from conda-forge:
sudo -E conda install -c conda-forge "$package"
# --8<-- [end:install]

# --8<-- [start:install-ssh]
package=numpy
umask 022
sudo env PATH="/opt/tljh/user/bin:$PATH" pip install "$package"
# --8<-- [end:install-ssh]

# --8<-- [start:repair]
# Read for everyone, and enter (X) for directories and programs; no write access.
sudo chmod -R a+rX /opt/tljh/user
# --8<-- [end:repair]

# --8<-- [start:make-admin]
# The JupyterHub user name (without jupyter-) of the user to make an admin:
user=USER-NAME
sudo tljh-config add-item users.admin "$user"
sudo tljh-config reload hub
# --8<-- [end:make-admin]
