#!/bin/sh
# --8<-- [start:create-account]
# As root on the hub's machine: create the user's account and home directory.
# Use the name exactly as the hub logs it, one user at a time.
name=alice
useradd --create-home --shell /bin/bash "$name"
id "$name"
# --8<-- [end:create-account]
