# --8<-- [start:broken]
c.JupyterHub.spawner_class = "systemd"
c.SystemdSpawner.dynamic_users = True
# --8<-- [end:broken]
