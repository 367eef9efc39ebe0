# The proxy runs as a service of its own (a systemd unit, a container, a pod) and the hub
# only talks to its REST API, as in JupyterHub's guide to a separate proxy. Nothing is
# wrong with these lines by themselves: the hub adds its routes when it starts. The
# trouble comes when the proxy restarts on its own.
import os

c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
c.ConfigurableHTTPProxy.auth_token = os.environ.get("CONFIGPROXY_AUTH_TOKEN", "")
# Users' servers outlive a restart of the hub.
c.JupyterHub.cleanup_servers = False
