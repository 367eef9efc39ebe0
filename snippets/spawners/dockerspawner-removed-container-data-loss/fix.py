# One named volume per user, mounted on the folder where the server saves files. The
# container is still deleted when the server stops; the volume and its files are not.
# {username} is the user's name, escaped the way DockerSpawner escapes container names.
c.DockerSpawner.volumes = {"jupyterhub-user-{username}": "/home/jovyan/work"}
# Open the file browser (and new notebooks) in the kept folder, not in /home/jovyan.
c.DockerSpawner.notebook_dir = "/home/jovyan/work"
