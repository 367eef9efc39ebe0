# --8<-- [start:fix]
# Start the proxy by its absolute path, so the hub's PATH no longer matters.
# Use the path that `command -v configurable-http-proxy` prints on your machine.
c.ConfigurableHTTPProxy.command = ["/usr/local/bin/configurable-http-proxy"]
# --8<-- [end:fix]
