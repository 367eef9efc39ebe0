# --8<-- [start:fix]
# {username} is the user's name escaped for Docker (lowercase letters, digits and
# "-"): jo.doe@example.org becomes jo-2edoe-40example-2eorg, a valid volume name.
c.DockerSpawner.volumes = {"jupyterhub-user-{username}": "/home/jovyan/work"}
# --8<-- [end:fix]
