#!/bin/sh
# Run these as the user, and with the environment, that starts JupyterHub.

# --8<-- [start:check]
command -v configurable-http-proxy || echo "configurable-http-proxy: not on this PATH"
node --version
configurable-http-proxy --version
# --8<-- [end:check]

# --8<-- [start:install-npm]
npm install -g configurable-http-proxy
# --8<-- [end:install-npm]

# --8<-- [start:install-conda]
conda install -c conda-forge configurable-http-proxy
# --8<-- [end:install-conda]
