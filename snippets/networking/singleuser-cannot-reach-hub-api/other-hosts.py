# --8<-- [start:one-address]
# Servers run on other machines (batch nodes, VMs): listen on the address they reach
# the hub by. This was the 2016 page's advice and still works.
c.JupyterHub.hub_ip = "10.0.0.1"
# --8<-- [end:one-address]

# --8<-- [start:all-addresses]
# Or listen everywhere, and then you MUST say which address servers should use:
# with hub_ip 0.0.0.0 alone, they are told the hub's host name instead.
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = "10.0.0.1"
# --8<-- [end:all-addresses]
