#!/bin/sh
# Debug logging on a TLJH machine, through the folders TLJH loads after config.yaml.

# --8<-- [start:edit]
# Write the file shown on the page in an editor, as root (the folder is root's only).
# Only names that end in .py are loaded, in alphabetical order.
sudo nano /opt/tljh/config/jupyterhub_config.d/debug.py
# --8<-- [end:edit]

# --8<-- [start:reload-hub]
# Restart the hub with it. This waits until the hub answers; if it never ends, Ctrl-C
# and read the hub's journal: a file the hub cannot load stops it.
sudo tljh-config reload hub
# The first debug lines ([D) since the reload; none means the file was not loaded.
sudo journalctl -u jupyterhub --since "5 minutes ago" --no-pager | grep -m 5 ' \[D '
# --8<-- [end:reload-hub]

# --8<-- [start:reload-proxy]
# Traefik's debug file: Traefik is restarted with the rewritten traefik.toml; then the
# hub, which writes its routes again (see "After a change").
sudo tljh-config reload proxy
sudo tljh-config reload hub
# --8<-- [end:reload-proxy]

# --8<-- [start:off]
# Debug logging off again: a name that no longer ends in .py (or .toml) is not loaded.
# The files are kept, to turn it on again by renaming them back.
sudo mv /opt/tljh/config/jupyterhub_config.d/debug.py /opt/tljh/config/jupyterhub_config.d/debug.py.off
sudo tljh-config reload hub
# And Traefik's, if you made it:
sudo mv /opt/tljh/config/traefik_config.d/debug.toml /opt/tljh/config/traefik_config.d/debug.toml.off
sudo tljh-config reload proxy
sudo tljh-config reload hub
# --8<-- [end:off]
