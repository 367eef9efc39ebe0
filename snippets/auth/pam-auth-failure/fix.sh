#!/bin/sh
# --8<-- [start:shadow-group]
# Debian and Ubuntu: let the hub's account read /etc/shadow through the shadow group,
# then restart the hub (a running process keeps the groups it started with).
hub_user=HUB-USER
usermod -a -G shadow "$hub_user" && id "$hub_user"
# --8<-- [end:shadow-group]

# --8<-- [start:undo-shadow-group]
# Take the hub's account out of the shadow group again, then restart the hub.
hub_user=HUB-USER
gpasswd -d "$hub_user" shadow && id "$hub_user"
# --8<-- [end:undo-shadow-group]
