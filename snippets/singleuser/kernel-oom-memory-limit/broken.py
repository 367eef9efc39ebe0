# Each user's server (DockerSpawner: its container) may use 256 MiB, for the
# server and all of its kernels together. A notebook that loads more is killed.
c.Spawner.mem_limit = "256M"
