#!/bin/sh
# --8<-- [start:verify]
# After the next spawn: no more rejected activity reports from alice's new container
name=alice
docker logs --since 5m "jupyter-$name" 2>&1 | grep -c 'Error notifying Hub of activity'
# --8<-- [end:verify]
