# Named servers on, with a container name template from a guide written for DockerSpawner
# before 12.0: it has no {servername}, so every server of a user gets the same name.
c.JupyterHub.allow_named_servers = True
c.DockerSpawner.name_template = "{prefix}-{username}"
