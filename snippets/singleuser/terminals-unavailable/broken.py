# --8<-- [start:broken]
# The user's server is started with terminals turned off.
c.Spawner.args = ["--ServerApp.terminals_enabled=False"]
# --8<-- [end:broken]
