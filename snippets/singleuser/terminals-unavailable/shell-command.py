# --8<-- [start:shell]
# Every user's terminals run bash as a login shell, whatever the account's own shell is.
c.Spawner.args = ["--ServerApp.terminado_settings=shell_command=/bin/bash -l"]
# --8<-- [end:shell]
