# --8<-- [start:fix]
# The absolute path of jupyterhub-singleuser in the environment that has JupyterHub and
# your users' packages: the path check.sh's "find" section printed. An absolute path
# works whatever PATH the hub was started with.
c.Spawner.cmd = ["/opt/hub/bin/jupyterhub-singleuser"]
# --8<-- [end:fix]
