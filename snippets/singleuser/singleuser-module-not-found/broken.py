# The users' servers are started by a Python that has no JupyterHub: here Debian's own
# python3, while JupyterHub is installed in /opt/hub. A conda or virtual environment made
# for the users without jupyterhub in it does the same.
c.Spawner.cmd = ["/usr/bin/python3", "-m", "jupyterhub.singleuser"]
