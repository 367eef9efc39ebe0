#!/bin/sh
# --8<-- [start:lists]
# users.admin, users.allowed, users.banned and https.letsencrypt.domains are lists:
sudo tljh-config add-item users.admin alice
sudo tljh-config remove-item users.admin bob
# --8<-- [end:lists]

# --8<-- [start:types]
# true or false, a whole number, a size with its unit:
sudo tljh-config set https.enabled true
sudo tljh-config set limits.cpu 2
sudo tljh-config set limits.memory 4G
# --8<-- [end:types]

# --8<-- [start:auth]
# An authenticator's settings go under its class name, after auth.type:
sudo tljh-config set auth.type oauthenticator.github.GitHubOAuthenticator
sudo tljh-config set auth.GitHubOAuthenticator.client_id CLIENT-ID
# --8<-- [end:auth]

# --8<-- [start:unset]
# The key path to remove, exactly as `sudo tljh-config show` prints it (limit.memory):
key=KEY-PATH
sudo tljh-config unset "$key"
# --8<-- [end:unset]

# --8<-- [start:backup]
sudo cp -p /opt/tljh/config/config.yaml /opt/tljh/config/config.yaml.bak
# --8<-- [end:backup]

# --8<-- [start:tabs]
# Each tab becomes two spaces; check the indentation afterwards with tljh-config show:
sudo sed -i "s/$(printf '\t')/  /g" /opt/tljh/config/config.yaml
# --8<-- [end:tabs]

# --8<-- [start:reload]
sudo tljh-config reload hub
# http.*, https.* and traefik_api.* are read by the proxy:
sudo tljh-config reload proxy
# --8<-- [end:reload]
