#!/bin/sh
# --8<-- [start:made-by-root]
# How a home ends up like this: made or restored by another account (root) and never
# given to its user. Here on purpose, to reproduce the problem on a test machine only.
name=USER-NAME
owner=OWNER-ACCOUNT
chown "$owner" "/home/$name" && chmod 755 "/home/$name"
# --8<-- [end:made-by-root]
