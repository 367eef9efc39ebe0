#!/bin/sh
# --8<-- [start:remove]
# Delete one file that you chose from the list of largest files, as its owner (the user,
# where the server runs; root on the hub's machine). Deleted is gone: copy it away first
# if it may be needed.
file=FILE-TO-DELETE
rm -v -- "$file"
# --8<-- [end:remove]
