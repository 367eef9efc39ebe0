#!/bin/sh
# --8<-- [start:prepull]
# Pull the user image on a Docker host before users need it (run it on every host that
# runs users' containers, and again after each new tag). It prints how long the pull
# took: that is how long a user's first start on this host would have waited for it.
image=quay.io/jupyter/scipy-notebook:latest
start=$(date +%s)
docker pull "$image"
echo "pulled $image in $(($(date +%s) - start)) seconds"
# --8<-- [end:prepull]
