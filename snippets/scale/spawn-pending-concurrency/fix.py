# --8<-- [start:fix]
# How many servers may be starting at the same time: what your spawner's backend (Docker
# daemon, Kubernetes API, batch scheduler) handles without slowing every spawn down.
# 0 removes the limit, and with it the hub's protection against a login stampede.
c.JupyterHub.concurrent_spawn_limit = 20
# How many servers may exist at all: what your machines hold in memory and CPU.
# 0 (the default) means no limit.
c.JupyterHub.active_server_limit = 50
# --8<-- [end:fix]
