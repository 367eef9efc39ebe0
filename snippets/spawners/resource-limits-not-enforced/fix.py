# --8<-- [start:fix]
# DockerSpawner (pip install dockerspawner, with its image and network set up as its
# documentation says) starts each server in a container and gives the container these
# limits, which the kernel enforces. 256M is what our test uses: give your users what
# their work needs, such as "2G".
c.JupyterHub.spawner_class = "docker"
c.DockerSpawner.mem_limit = "256M"
c.DockerSpawner.cpu_limit = 0.5
# Docker lets a container swap as much again as its memory limit; the same value here
# means no swap beyond the limit.
c.DockerSpawner.extra_host_config = {"memswap_limit": "256M"}
# --8<-- [end:fix]
