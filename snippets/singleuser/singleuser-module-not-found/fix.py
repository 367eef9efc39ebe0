# --8<-- [start:fix]
# The Python of an environment that has JupyterHub (the hub's version) and Jupyter Server
# (JupyterLab brings it): here the hub's own environment. Or install both in the users'
# environment and keep its Python here.
c.Spawner.cmd = ["/opt/hub/bin/python", "-m", "jupyterhub.singleuser"]
# --8<-- [end:fix]
