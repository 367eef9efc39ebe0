# --8<-- [start:startup]
# Let the hub serve requests while it is still checking many running servers at start-up
# (the default is 10 seconds), instead of making everyone wait.
c.JupyterHub.init_spawners_timeout = 1
# --8<-- [end:startup]

# --8<-- [start:limits]
# Bound the load a class or a morning rush puts on the hub at once: spawns in progress,
# and servers running (0 means no limit).
c.JupyterHub.concurrent_spawn_limit = 50
c.JupyterHub.active_server_limit = 300
# --8<-- [end:limits]
