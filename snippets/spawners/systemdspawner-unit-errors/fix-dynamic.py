# --8<-- [start:fix]
c.JupyterHub.spawner_class = "systemd"
# Each user runs as their own local account, which must exist on the hub's machine.
c.SystemdSpawner.dynamic_users = False
# --8<-- [end:fix]
