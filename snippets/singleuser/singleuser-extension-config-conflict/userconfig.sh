#!/bin/sh
# How such files look. Here on purpose, to reproduce the problem on a test machine only:
# each section overwrites the file it names.

# --8<-- [start:root-dir]
# A user's own config, written for a laptop: a start directory that does not exist for
# the single-user server (and "~" is not expanded in this setting).
name=USER-NAME
sudo -u "$name" -H sh -c 'mkdir -p "$HOME/.jupyter" && cat > "$HOME/.jupyter/jupyter_server_config.py"' <<'PY'
c.ServerApp.root_dir = "~/notebooks"
PY
# --8<-- [end:root-dir]

# --8<-- [start:default-url]
# A user's own config that picks the page the server opens on.
name=USER-NAME
sudo -u "$name" -H sh -c 'mkdir -p "$HOME/.jupyter" && cat > "$HOME/.jupyter/jupyter_server_config.py"' <<'PY'
c.ServerApp.default_url = "/tree"
PY
# --8<-- [end:default-url]

# --8<-- [start:image-default-url]
# The same setting in an image's (or machine's) system-wide config, read by every user.
mkdir -p /etc/jupyter && cat > /etc/jupyter/jupyter_server_config.json <<'JSON'
{"ServerApp": {"default_url": "/tree"}}
JSON
# --8<-- [end:image-default-url]
