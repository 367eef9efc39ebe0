# --8<-- [start:debug]
# The single-user servers at debug level: Jupyter Server's --debug flag, added to the
# arguments the spawner gives them. Restart the hub, then restart the user's server.
c.Spawner.args = ["--debug"]  # add "--debug" to your own list if you have one
# --8<-- [end:debug]
