#!/bin/sh
# --8<-- [start:fix]
# Give the home back to its user, with the user's own group, private to them.
name=USER-NAME
group=$(id -gn "$name") && chown -R "$name:$group" "/home/$name" && chmod 700 "/home/$name"
# --8<-- [end:fix]
