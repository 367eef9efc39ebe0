# --8<-- [start:broken]
c.JupyterHub.spawner_class = "systemd"
# --8<-- [end:broken]
