# --8<-- [start:fix]
# Hub and servers on one machine (local processes): the hub's port answers on the
# loopback only, where the proxy and the servers reach it and no browser can. This is
# JupyterHub's default: deleting your hub_ip line does the same.
c.JupyterHub.hub_ip = "127.0.0.1"
# --8<-- [end:fix]
