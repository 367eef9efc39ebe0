# The user image names a tag that the Docker host does not have and cannot pull. Here
# the registry is an address on this machine where nothing answers; on a real hub it is
# a tag with a typo (there is no 13th month), one never pushed, or a private registry
# that the host may not pull from.
c.DockerSpawner.image = "localhost:5999/jupyter/scipy-notebook:2025-13-01"
