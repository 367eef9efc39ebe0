# A hub that now uses DockerSpawner ...
c.JupyterHub.spawner_class = "docker"
# ... with a line kept from its set-up with LocalProcessSpawner (where 127.0.0.1 is right).
# It applies to every spawner, so each server listens on its container's own loopback,
# where the hub cannot reach it.
c.Spawner.ip = "127.0.0.1"
