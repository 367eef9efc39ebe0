# --8<-- [start:debug]
# configurable-http-proxy at debug level: one line per request it forwards
# (PROXY WEB /path to target) and each API call it refuses. Only for a proxy the hub
# starts; restart the hub, which starts a new proxy with --log-level debug.
c.ConfigurableHTTPProxy.debug = True
# --8<-- [end:debug]
