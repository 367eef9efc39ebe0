#!/bin/sh
# --8<-- [start:fix]
# Move the file that the check named out of the way (a rename: the user can read and
# restore it). file is the path after "Loaded config file:".
file=PATH-FROM-CHECK
mv "$file" "$file.disabled-by-admin" && echo "moved $file aside"
# --8<-- [end:fix]
