#!/bin/sh
# --8<-- [start:jobs]
# The user's jobs: id, state, why it waits (or the node it runs on), time limit, time used.
name=alice
squeue -u "$name" -o '%i %T %R %l %M'
# --8<-- [end:jobs]

# --8<-- [start:job-log]
# The output of the user's latest job (SlurmSpawner's default --output).
name=alice
home=$(getent passwd "$name" | cut -d: -f6)
# shellcheck disable=SC2012  # the newest file by time; these names have no spaces
tail -n 20 "$(ls -t "$home"/jupyterhub_slurmspawner_*.log | head -n 1)"
# --8<-- [end:job-log]

# --8<-- [start:cluster]
# Is the controller up, which partitions are there, and what state is each node in?
scontrol ping
sinfo -o '%P %a %l %D %m %c'
sinfo -N -o '%N %T %E'
# --8<-- [end:cluster]

# --8<-- [start:job-path]
# Does a job of the user find batchspawner-singleuser? (the PATH that sbatch passes on)
name=alice
sudo -E -u "$name" srun --export=PATH sh -c 'command -v batchspawner-singleuser || echo "no batchspawner-singleuser on PATH=$PATH"'
# --8<-- [end:job-path]

# --8<-- [start:hub-api]
# Where does the hub's API listen, and does a job on a node reach it?
ss -ltnp | grep ':8081 '
name=alice
sudo -u "$name" srun curl -sS -o /dev/null -w '%{http_code}\n' "http://$(hostname -f):8081/hub/api/"
# --8<-- [end:hub-api]
