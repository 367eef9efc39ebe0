# --8<-- [start:debug]
# The hub at debug level (each spawn's steps), and the single-user servers too: their
# --debug flag, added to the arguments the spawner gives them. Restart the hub, then
# start the server again.
c.JupyterHub.log_level = "DEBUG"
c.Spawner.args = ["--debug"]  # add "--debug" to your own list if you have one
# --8<-- [end:debug]
