# The hub listens on every address of its machine, for example so that servers in
# containers can reach it. Its own port, 8081, then answers from other machines too, and
# nothing stops a user from opening it instead of the proxy's port.
c.JupyterHub.hub_ip = "0.0.0.0"
