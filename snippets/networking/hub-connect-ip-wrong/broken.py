# Listening on all addresses without saying which one to connect to: the hub then
# advertises its host name, which in a container is the container's id.
c.JupyterHub.hub_ip = "0.0.0.0"
