#!/bin/sh
# With ufw's default policy (deny incoming), allow the hub port only to the servers.

# --8<-- [start:ufw-docker0]
# Hub on the host, servers on Docker's default bridge
sudo ufw allow in on docker0 to any port 8081 proto tcp
# --8<-- [end:ufw-docker0]

# --8<-- [start:ufw-subnet]
# Servers on other machines, all in 10.0.0.0/24
sudo ufw allow from 10.0.0.0/24 to any port 8081 proto tcp
# --8<-- [end:ufw-subnet]

# --8<-- [start:check-closed]
# From a machine that is NOT one of your servers, this must fail (refused or timed out):
curl -sS -m 5 http://hub.example.org:8081/hub/api
# --8<-- [end:check-closed]
