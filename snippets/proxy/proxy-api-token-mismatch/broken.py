# The proxy runs as its own service (systemd unit, container, pod), and the hub only talks
# to its REST API. Here the hub sends a token the proxy was not started with.
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
c.ConfigurableHTTPProxy.auth_token = "a-token-the-proxy-does-not-know"
