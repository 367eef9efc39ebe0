#!/bin/sh
# --8<-- [start:kill]
# LocalProcessSpawner: end the server the hub is waiting for. The user whose server will
# not stop ...
name=USER-NAME
# ... and the pid of their server (the spawner runs it as the user).
pid=$(pgrep -u "$name" -f jupyterhub-singleuser)
echo "$pid"
# One pid printed: kill it. The hub notices within a second and finishes the stop. More
# than one (the user has named servers too): kill fails; pick the right one with
# ps -o pid,args -u "$name" and set pid= to it.
kill -KILL "$pid"
# --8<-- [end:kill]
