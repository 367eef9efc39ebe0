# JupyterHub's default: the Hub API listens on 127.0.0.1 only. Fine while every
# single-user server runs on the same machine outside any container; unreachable from a
# container, a VM or another host, where 127.0.0.1 is that machine itself.
c.JupyterHub.hub_ip = "127.0.0.1"
