# Keep users' servers running when the hub stops, and keep their containers when the
# servers stop. Both are legitimate settings, until the hub's database is deleted or
# replaced while such servers exist: they then hold tokens the new database never issued.
c.JupyterHub.cleanup_servers = False
c.DockerSpawner.remove = False
