# --8<-- [start:external]
import os

# The proxy is started separately; the hub must not start a second one.
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
# The very secret the proxy was started with. Both processes read it from the environment
# variable CONFIGPROXY_AUTH_TOKEN (this is also the default); never write it in here.
c.ConfigurableHTTPProxy.auth_token = os.environ.get("CONFIGPROXY_AUTH_TOKEN", "")
# --8<-- [end:external]
