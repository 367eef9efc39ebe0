#!/bin/sh
# --8<-- [start:command]
# On the hub's machine: which adduser the hub runs (its log's "Creating user: ..." line).
# Debian's and Ubuntu's print their version; on Red Hat-like systems adduser is a link
# to useradd.
ls -l "$(command -v adduser)"
adduser --version 2>&1 | head -n 1
# Debian's rule for names: a line that is not commented out replaces the default.
grep -n 'NAME_REGEX' /etc/adduser.conf || echo "no NAME_REGEX in /etc/adduser.conf"
# --8<-- [end:command]
