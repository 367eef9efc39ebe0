# LocalProcessSpawner, JupyterHub's default: each user's server is a process on the hub's
# machine. It puts these two settings in the server's environment, as MEM_LIMIT and
# CPU_LIMIT, and applies neither: no process is ever held to them.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.mem_limit = "256M"
c.Spawner.cpu_limit = 0.5
