#!/bin/sh
# --8<-- [start:restart]
# The proxy first: the hub needs traefik's API when it starts.
sudo tljh-config reload proxy
sudo tljh-config reload hub
# --8<-- [end:restart]

# --8<-- [start:boot]
# Start both at boot (TLJH's installer does this; a hand-made change may have undone it):
sudo systemctl enable jupyterhub traefik
# --8<-- [end:boot]

# --8<-- [start:undo]
# The key path of the last change, as `sudo tljh-config show` prints it (http.port):
key=KEY-PATH
sudo tljh-config unset "$key"
sudo tljh-config reload proxy
sudo tljh-config reload hub
# --8<-- [end:undo]

# --8<-- [start:firewall]
sudo ufw allow 80/tcp
# --8<-- [end:firewall]
