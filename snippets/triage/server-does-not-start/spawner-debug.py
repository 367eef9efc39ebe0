# --8<-- [start:spawner-debug]
# Spawner.debug only sets JUPYTERHUB_DEBUG=1 in the server's environment (see the page:
# Jupyter Server 2's single-user server does not read it).
c.Spawner.debug = True
# --8<-- [end:spawner-debug]
