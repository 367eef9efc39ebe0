#!/bin/sh
# --8<-- [start:start-controller]
# Start the controller on its machine, then check that the clients reach it.
systemctl start slurmctld
scontrol ping
# --8<-- [end:start-controller]

# --8<-- [start:resume-node]
# Put a drained node back in service, once whatever it was drained for is done.
node=NODE-NAME
scontrol update NodeName="$node" State=RESUME
sinfo -N -o '%N %T %E'
# --8<-- [end:resume-node]
