# Keep the Hub API on loopback, but tell the servers a name they can reach. The proxy
# routes "/" to that same advertised address (the connect URL), where nothing listens.
c.JupyterHub.hub_bind_url = "http://127.0.0.1:8081"
c.JupyterHub.hub_connect_ip = "jupyterhub"
