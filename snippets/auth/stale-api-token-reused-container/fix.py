# --8<-- [start:fix]
# Delete each container when its server stops, so every start gets a fresh container with
# a fresh token. Anything not on a volume is lost on stop: keep home directories on volumes.
c.DockerSpawner.remove = True
# --8<-- [end:fix]

# --8<-- [start:cleanup]
# Stop every server when the hub stops (JupyterHub's default).
c.JupyterHub.cleanup_servers = True
# --8<-- [end:cleanup]
