# --8<-- [start:limits]
c.JupyterHub.spawner_class = "systemd"
c.SystemdSpawner.mem_limit = "1G"
c.SystemdSpawner.cpu_limit = 0.5
# --8<-- [end:limits]
