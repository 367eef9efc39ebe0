# --8<-- [start:servers]
# Single-user servers get their environment from the spawner, not from the hub. If they
# receive proxy variables (from the image, /etc/environment or your config), give them
# the matching exceptions: the hub's connect address, and loopback. update() adds them to
# the environment set earlier in this file; "c.Spawner.environment = {...}" would replace it.
no_proxy = "localhost,127.0.0.1,jupyterhub"
c.Spawner.environment.update({"NO_PROXY": no_proxy, "no_proxy": no_proxy})
# --8<-- [end:servers]
