#!/bin/sh
# --8<-- [start:where]
# Where the server says it listens (first URL) ...
name=alice
docker logs "jupyter-$name" 2>&1 | grep -A 1 'is running at:'
# ... and the address the hub polls: the "never showed up at" URL in the hub's log.
# --8<-- [end:where]
