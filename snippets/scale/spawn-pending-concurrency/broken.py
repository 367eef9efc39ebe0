# Limits sized for a quiet hub. Our reproduction uses tiny numbers so that three users
# reach them; a class of 200 reaches the defaults (100 concurrent spawns, 64 on Zero to
# JupyterHub) the same way when everyone logs in at nine o'clock.
c.JupyterHub.concurrent_spawn_limit = 1
c.JupyterHub.active_server_limit = 2
