# --8<-- [start:fix]
# Terminals on, whatever the user environment's jupyter_server_config files say:
# the command line wins over config files. Keep your other arguments in the list.
c.Spawner.args = ["--ServerApp.terminals_enabled=True"]
# --8<-- [end:fix]
