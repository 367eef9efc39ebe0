# --8<-- [start:debug]
# The users' servers log at DEBUG level, with jupyter-server-proxy's start-up checks.
# Keep your other arguments in the list, and remove this again afterwards: it is verbose.
c.Spawner.args = ["--debug"]
# --8<-- [end:debug]
