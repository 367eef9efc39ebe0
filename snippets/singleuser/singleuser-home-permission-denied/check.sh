#!/bin/sh
# --8<-- [start:check]
# Who owns the user's home and the directories Jupyter writes in, and can the user
# write there? Run as root on the machine where the server runs.
name=alice
home=$(getent passwd "$name" | cut -d: -f6)
for dir in "$home" "$home/.local" "$home/.local/share/jupyter" "$home/.jupyter"; do
    if [ -e "$dir" ]; then ls -ld "$dir"; fi
done
if sudo -u "$name" test -w "$home"; then echo "$home is writable by $name"; else echo "$home is NOT writable by $name"; fi
# --8<-- [end:check]
