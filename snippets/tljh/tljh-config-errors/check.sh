#!/bin/sh
# --8<-- [start:show]
# Prints the file as TLJH reads it; a damaged file prints a ruamel.yaml error instead:
sudo tljh-config show
# --8<-- [end:show]

# --8<-- [start:tabs]
# Tabs cannot indent YAML: each line printed here has one (cat -A shows it as ^I):
sudo grep -n "$(printf '\t')" /opt/tljh/config/config.yaml | cat -A
# --8<-- [end:tabs]

# --8<-- [start:hub-log]
# Why the hub stopped after the last reload (the line above "Traceback" or at the end):
sudo journalctl -u jupyterhub -n 50 --no-pager
# --8<-- [end:hub-log]
