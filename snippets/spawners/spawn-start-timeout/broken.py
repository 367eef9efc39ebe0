# A set-up command that DockerSpawner runs in each new container (like docker exec)
# before its start() returns: here a sleep of 22 seconds stands for the slow part, such
# as copying course files into the home directory or waiting for a network mount.
c.DockerSpawner.post_start_cmd = "sleep 22"
