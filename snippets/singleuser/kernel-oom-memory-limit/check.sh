#!/bin/sh
# --8<-- [start:server-log]
# The user's server saw its kernel die and started it again (DockerSpawner: the
# container's log; LocalProcessSpawner: the hub's output; KubeSpawner: kubectl logs).
name=alice
docker logs "jupyter-$name" 2>&1 | grep -E 'KernelRestarter: restart(ing kernel| failed)|kernel \S+ restarted'
# --8<-- [end:server-log]

# --8<-- [start:oom-kills]
# How many processes the kernel's OOM killer has killed in the container since it
# started: "oom_kill 0" is none. cgroup v2 keeps the count in memory.events, cgroup v1
# in memory.oom_control (Linux 4.13 or later).
name=alice
docker exec "jupyter-$name" sh -c 'grep "^oom_kill " /sys/fs/cgroup/memory.events 2>/dev/null || grep "^oom_kill " /sys/fs/cgroup/memory/memory.oom_control'
# --8<-- [end:oom-kills]

# --8<-- [start:limit]
# The container's memory limit as the engine stored it, in bytes (0: no limit).
name=alice
docker inspect --format 'Memory={{.HostConfig.Memory}} MemorySwap={{.HostConfig.MemorySwap}}' "jupyter-$name"
# --8<-- [end:limit]

# --8<-- [start:oom-killed]
# The engine's record of the container: OOMKilled and exit code 137 (128 + SIGKILL)
# when the OOM killer stopped the server itself.
name=alice
docker inspect --format 'Running={{.State.Running}} OOMKilled={{.State.OOMKilled}} ExitCode={{.State.ExitCode}}' "jupyter-$name"
# --8<-- [end:oom-killed]

# --8<-- [start:kernel-log]
# The Linux kernel's report of each OOM kill in the user's container, on the machine
# that runs the containers, as root: the line that names the container's cgroup, and
# the line after it, with the process killed.
name=alice
id=$(docker inspect --format '{{.Id}}' "jupyter-$name")
dmesg -T | grep -A 1 "oom-kill:.*$id"
# --8<-- [end:kernel-log]
