# --8<-- [start:fix]
# Ignore config files (and extensions, kernels) in the users' home directories.
c.Spawner.disable_user_config = True
# --8<-- [end:fix]
