#!/bin/sh
# --8<-- [start:verify]
# The user can write in their home, and in .local when it exists.
name=alice
home=$(getent passwd "$name" | cut -d: -f6)
sudo -u "$name" test -w "$home" && echo "$home is writable by $name"
if [ -e "$home/.local" ]; then sudo -u "$name" test -w "$home/.local" && echo "$home/.local is writable by $name"; fi
# --8<-- [end:verify]
