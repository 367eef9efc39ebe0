#!/bin/sh
# Run as root on the hub's machine.

# --8<-- [start:group]
# The group of users whose servers the hub may start, and one user in it.
name=alice
groupadd --force jupyterhub-users
usermod --append --groups jupyterhub-users "$name"
# --8<-- [end:group]

# --8<-- [start:install]
# Check the rule's syntax, then install it where sudo reads it. The name must have no
# dot and not end in ~: sudo skips such files in /etc/sudoers.d.
file=./sudoers
visudo --check --file="$file" \
  && install --owner=root --group=root --mode=0440 "$file" /etc/sudoers.d/jupyterhub
# --8<-- [end:install]

# --8<-- [start:undo]
# Take one user out of the hub's reach: the rule no longer covers them.
name=USER-NAME
gpasswd --delete "$name" jupyterhub-users
# --8<-- [end:undo]
