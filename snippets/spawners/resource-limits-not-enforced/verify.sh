#!/bin/sh
# --8<-- [start:allocate]
# A process in the user's container takes 384 MiB, more than its 256M limit: when the
# limit holds, the kernel kills it (exit status 137). Try it on a test user's server:
# the kernel may pick another of the container's processes to kill.
name=alice
if docker exec "jupyter-$name" python3 -c 'b = bytearray(384 * 1024 * 1024)'; then
  echo "384 MiB allocated: no memory limit holds in jupyter-$name"
  exit 1
fi
echo "killed: the memory limit holds in jupyter-$name"
# --8<-- [end:allocate]
