# --8<-- [start:fix]
# Give the spawner's start() (image pull, container or pod start, post_start_cmd) more
# time than its slowest normal run. JupyterHub's default is 60 seconds.
c.Spawner.start_timeout = 300
# --8<-- [end:fix]
