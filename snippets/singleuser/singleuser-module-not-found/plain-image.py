# A users' image without JupyterHub at all (a plain Python image, or one built for
# something else), told to run jupyterhub-singleuser.
c.DockerSpawner.image = "python:3.12-slim"
c.DockerSpawner.cmd = ["jupyterhub-singleuser"]
