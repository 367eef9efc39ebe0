# The hub was upgraded to JupyterHub 6, but the users' image is still one made for
# JupyterHub 5: its jupyterhub package (which runs jupyterhub-singleuser) is 5.5.4.
c.JupyterHub.spawner_class = "docker"
c.DockerSpawner.image = "quay.io/jupyterhub/singleuser:5.5.4"
