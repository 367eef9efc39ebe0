#!/bin/sh
# --8<-- [start:new]
# A token for a service: 64 random hexadecimal characters.
openssl rand -hex 32
# --8<-- [end:new]
