#!/bin/sh
# Run as root on the hub's machine.

# --8<-- [start:rule]
# What sudo lets the hub's account do.
hub_user=rhea
sudo -l -U "$hub_user"
# --8<-- [end:rule]

# --8<-- [start:mediator]
# What the hub does at each start: as its account, run the mediator as the user, with -n
# (never ask for a password). The mediator's help means the rule works.
hub_user=rhea
name=alice
mediator=/opt/hub/bin/sudospawner
sudo -u "$hub_user" sudo -n -u "$name" "$mediator" --help
# --8<-- [end:mediator]

# --8<-- [start:beside]
# The mediator starts the jupyterhub-singleuser of its own directory: both must be there.
mediator=/opt/hub/bin/sudospawner
ls -l "$mediator" "$(dirname "$mediator")/jupyterhub-singleuser"
# --8<-- [end:beside]
