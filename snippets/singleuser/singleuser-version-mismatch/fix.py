# --8<-- [start:fix]
# A users' image whose jupyterhub package has the hub's version: the tag of
# quay.io/jupyterhub/singleuser is the JupyterHub release it holds.
c.DockerSpawner.image = "quay.io/jupyterhub/singleuser:6.1.1"
# --8<-- [end:fix]
