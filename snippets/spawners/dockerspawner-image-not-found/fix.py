# --8<-- [start:fix]
# An image and tag that exist: check them first with `docker image inspect` on the
# Docker host (check.sh), or on the registry's web page.
c.DockerSpawner.image = "quay.io/jupyter/scipy-notebook:2025-10-20"
# --8<-- [end:fix]
