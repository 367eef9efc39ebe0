# "All addresses" written twice. 0.0.0.0 is right for listening, but it is no address to
# connect to: a server that is told http://0.0.0.0:8081 connects to its own machine.
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = "0.0.0.0"
