# The network the users' containers should join, by the name written in the compose
# file. Docker Compose creates it as <project>_jupyterhub-network unless the file
# gives it a fixed name, so no network of this exact name exists.
c.DockerSpawner.network_name = "jupyterhub-network"
