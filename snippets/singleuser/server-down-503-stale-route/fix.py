# --8<-- [start:fix]
# Optional: notice a dead server sooner. Each check asks the spawner (a signal to a
# local process, a request to Docker or Kubernetes), so keep it in seconds, not less.
c.Spawner.poll_interval = 10
# --8<-- [end:fix]
