# Every user lands in JupyterLab ...
c.Spawner.default_url = "/lab"
# ... but the environment that runs jupyterhub-singleuser has only jupyter_server (the
# hub's own environment, used for the users' servers as LocalProcessSpawner does): no
# jupyterlab, no notebook.
