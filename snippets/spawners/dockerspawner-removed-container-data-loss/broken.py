# Delete each user's container when their server stops, with nothing on a volume:
# everything users saved is in the container's own filesystem, and goes with it.
c.DockerSpawner.remove = True
