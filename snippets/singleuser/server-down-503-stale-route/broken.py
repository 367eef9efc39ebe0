# --8<-- [start:broken]
# JupyterHub's default, written out: the hub asks each spawner every 30 seconds
# whether the user's server still runs. A server that dies between two checks keeps
# its route in the proxy until the next one.
c.Spawner.poll_interval = 30
# --8<-- [end:broken]
