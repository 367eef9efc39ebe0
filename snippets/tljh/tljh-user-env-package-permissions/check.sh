#!/bin/sh
# --8<-- [start:check]
# The Python module that fails for users, and a user who is not an admin:
module=numpy
user=USER-NAME
# 0022 is fine; 0027 or 0077 makes files only root can read:
umask
ls -ld /opt/tljh/user/lib/python3*/site-packages/"$module"*
# Files and directories in the shared environment that other users cannot read:
sudo find /opt/tljh/user \( ! -perm -o=r -o \( -type d ! -perm -o=x \) \) -print | head -n 20
sudo -H -u "jupyter-$user" /opt/tljh/user/bin/python -c "import $module; print($module.__file__)"
# --8<-- [end:check]

# --8<-- [start:user-site]
user=USER-NAME
# Packages this user installed for themselves (pip install --user):
sudo sh -c 'ls "$1"/.local/lib/python3*/site-packages' sh "/home/jupyter-$user"
# --8<-- [end:user-site]
