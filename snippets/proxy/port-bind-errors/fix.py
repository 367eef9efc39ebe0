# --8<-- [start:fix]
# One port per listener, written down in one place so that a collision is easy to see.
c.JupyterHub.port = 8000  # public port: configurable-http-proxy
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"  # the proxy's REST API
c.JupyterHub.hub_port = 8081  # the Hub itself
# --8<-- [end:fix]

# --8<-- [start:pid-file]
# The hub writes the proxy's pid here, and at start-up stops a proxy left over from an
# earlier run, but only if it finds this file: give it a fixed, absolute path.
c.ConfigurableHTTPProxy.pid_file = "/srv/jupyterhub/jupyterhub-proxy.pid"
# --8<-- [end:pid-file]
