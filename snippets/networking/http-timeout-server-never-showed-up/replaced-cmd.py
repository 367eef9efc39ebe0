# A command that starts a Jupyter server of its own instead of JupyterHub's single-user
# server, e.g. copied from running the image by hand (jupyter lab, jupyter notebook and
# jupyter server alike). It ignores the address, port and URL prefix the hub gives it.
c.DockerSpawner.cmd = ["jupyter", "server"]
