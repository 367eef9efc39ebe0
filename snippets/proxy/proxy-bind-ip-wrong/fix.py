# --8<-- [start:fix]
# All interfaces, IPv4 and IPv6. This is the default, so deleting the line does the same.
c.JupyterHub.ip = ""
# --8<-- [end:fix]
