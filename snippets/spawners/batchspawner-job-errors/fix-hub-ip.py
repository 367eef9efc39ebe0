# --8<-- [start:fix]
import socket

# The hub's API on the machine's network interfaces, not only on its loopback, and the
# jobs told to call it by the hub machine's name (nodes resolve it; or write it out).
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = socket.getfqdn()
# --8<-- [end:fix]
