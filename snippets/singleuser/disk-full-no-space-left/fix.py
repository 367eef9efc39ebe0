# --8<-- [start:fix]
# Runtime files (the server's info file, kernel connection files) in /tmp, not in the
# home: the server starts even when the home is full, and the user can free space.
# For servers in containers or pods only, where each server has a /tmp of its own.
c.Spawner.environment = {"JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime"}
# --8<-- [end:fix]
