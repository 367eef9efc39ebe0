# The hub's own image as the users' image: it has JupyterHub, but neither Jupyter Server
# nor JupyterLab, which jupyterhub-singleuser needs to run.
c.DockerSpawner.image = "quay.io/jupyterhub/jupyterhub:6.1.1"
