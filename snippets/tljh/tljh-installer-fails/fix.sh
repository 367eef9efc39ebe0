#!/bin/sh
# --8<-- [start:universe]
sudo add-apt-repository universe --yes
sudo apt-get update
# --8<-- [end:universe]

# --8<-- [start:proxy]
# Your proxy's address; -E passes these variables through sudo to bootstrap.py.
export http_proxy=http://PROXY-HOST:3128
export https_proxy="$http_proxy"
curl -L https://tljh.jupyter.org/bootstrap.py | sudo -E python3 -
# --8<-- [end:proxy]

# --8<-- [start:move-user-env]
# Keeps the old directory as /opt/tljh/user.old; refuses if that one holds files.
sudo mv -T /opt/tljh/user /opt/tljh/user.old
# --8<-- [end:move-user-env]

# --8<-- [start:rerun]
# An existing install is upgraded, not replaced; config and state are kept.
curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 -
# --8<-- [end:rerun]
