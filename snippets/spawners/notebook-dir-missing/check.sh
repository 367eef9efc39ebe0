#!/bin/sh
# --8<-- [start:dir]
# On the machine where the user's server runs: can the user open the directory from the
# "No such directory" line? Put the user's name and that path here.
name=alice
dir=/home/alice/notebooks
sudo -u "$name" ls -ld "$dir"
# --8<-- [end:dir]
