# A line kept from a configuration written for JupyterHub 0.8. The setting is deprecated
# since 0.9 (hub_connect_url replaces it), but with it set the hub recognises a browser
# that comes in on its own port, and says so in its log.
c.JupyterHub.hub_connect_port = 8081
