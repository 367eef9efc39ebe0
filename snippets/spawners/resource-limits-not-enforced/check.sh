#!/bin/sh
# --8<-- [start:local]
# On the hub's machine, as root: the user's server process ...
name=alice
pid=$(pgrep -u "$name" -f jupyterhub-singleuser | head -n 1)
# ... the limits the hub wrote into its environment (read as its user: in a container,
# root may lack the right to read another user's environment) ...
sudo -u "$name" cat "/proc/$pid/environ" | tr '\0' '\n' | grep -E '^(MEM|CPU)_LIMIT='
# ... and its control groups, which hold any limit the kernel enforces. The same lines
# as the hub's own mean the server has no limit of its own.
cat "/proc/$pid/cgroup"
hub=$(pgrep -o -f 'bin/jupyterhub( |$)')
if [ "$(cat "/proc/$pid/cgroup")" = "$(cat "/proc/$hub/cgroup")" ]; then
  echo "same control groups as the hub (pid $hub): no limit of its own"
fi
# --8<-- [end:local]

# --8<-- [start:terminal]
# In a terminal of the user's server (JupyterLab: File > New > Terminal): take 384 MiB,
# more than a 256M limit. With no limit it succeeds.
python3 -c 'b = bytearray(384 * 1024 * 1024); print(len(b) >> 20, "MiB allocated")'
# --8<-- [end:terminal]

# --8<-- [start:container]
# The limits of the user's container (DockerSpawner) as the engine stored them: 0 is none.
name=alice
docker inspect --format 'Memory={{.HostConfig.Memory}} MemorySwap={{.HostConfig.MemorySwap}} CpuQuota={{.HostConfig.CpuQuota}} CpuPeriod={{.HostConfig.CpuPeriod}}' "jupyter-$name"
# The same limits as the kernel applies them, inside the container (cgroup v2 files,
# else cgroup v1's): max or 9223372036854771712 is no memory limit; max or -1, no CPU limit.
docker exec "jupyter-$name" sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us'
# --8<-- [end:container]

# --8<-- [start:engine]
# Does the engine apply limits at all? A throwaway container, without network, with the
# kind of limits DockerSpawner sets. Warnings about discarded limits come first, then
# the memory limit as the container sees it (268435456 bytes when it holds).
image=quay.io/jupyter/base-notebook
docker run --rm --network none --memory 256m --cpu-period 100000 --cpu-quota 50000 \
  --entrypoint sh "$image" \
  -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes'
# --8<-- [end:engine]
