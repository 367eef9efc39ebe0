# jupyterhub_config.py: let one portal show the hub in a frame.
# --8<-- [start:fix]
# The pages allowed to frame the hub, each as its address bar shows its origin:
# scheme, host and port if not the default. Never "*" or 'self' (see below).
portals = ["https://portal.example.org"]
c.JupyterHub.tornado_settings = {
    "headers": {
        "Content-Security-Policy": "frame-ancestors " + " ".join(portals),
    },
}
# --8<-- [end:fix]
