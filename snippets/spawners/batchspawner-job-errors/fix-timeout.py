# --8<-- [start:fix]
# How long the hub waits for the job to start and report its port. BatchSpawner's own
# default is 300 s; a c.Spawner.start_timeout line in your configuration overrides it.
c.SlurmSpawner.start_timeout = 900
# --8<-- [end:fix]
