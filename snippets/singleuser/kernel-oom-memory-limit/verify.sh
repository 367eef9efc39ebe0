#!/bin/sh
# --8<-- [start:verify]
# After the user's next start and the same work: the new limit, and no process killed
# for memory in the container since it started.
name=alice
docker inspect --format 'Memory={{.HostConfig.Memory}} MemorySwap={{.HostConfig.MemorySwap}}' "jupyter-$name"
kills=$(docker exec "jupyter-$name" sh -c 'grep "^oom_kill " /sys/fs/cgroup/memory.events 2>/dev/null || grep "^oom_kill " /sys/fs/cgroup/memory/memory.oom_control')
echo "$kills"
[ "$kills" = "oom_kill 0" ]
# --8<-- [end:verify]
