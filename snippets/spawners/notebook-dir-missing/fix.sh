#!/bin/sh
# --8<-- [start:create-dir]
# On the machine where the user's server runs: create the directory as the user, so that
# it belongs to them. One user at a time.
name=alice
dir=/home/alice/notebooks
sudo -u "$name" mkdir -p "$dir"
sudo -u "$name" ls -ld "$dir"
# --8<-- [end:create-dir]
