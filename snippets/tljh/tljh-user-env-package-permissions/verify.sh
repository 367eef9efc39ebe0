#!/bin/sh
# --8<-- [start:verify]
module=numpy
user=USER-NAME
sudo -H -u "jupyter-$user" /opt/tljh/user/bin/python -c "import $module; print($module.__file__)"
sudo find /opt/tljh/user \( ! -perm -o=r -o \( -type d ! -perm -o=x \) \) -print | head -n 20
# --8<-- [end:verify]
