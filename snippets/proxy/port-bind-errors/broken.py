# The Hub's own port collides with the proxy's REST API, which listens on 127.0.0.1:8001
# unless c.ConfigurableHTTPProxy.api_url says otherwise. The proxy starts first and wins.
c.JupyterHub.hub_port = 8001
