#!/bin/sh
# --8<-- [start:account]
# On the hub's machine: does the account exist? Use the name exactly as the hub logs it.
name=alice
id "$name"
# --8<-- [end:account]
