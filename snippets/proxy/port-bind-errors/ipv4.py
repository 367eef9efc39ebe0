# --8<-- [start:ipv4-only]
# On a host (or pod) without IPv6, let the proxy listen on every IPv4 address only,
# instead of the dual-stack "all interfaces" that the default '' asks for.
c.JupyterHub.ip = "0.0.0.0"
# --8<-- [end:ipv4-only]
