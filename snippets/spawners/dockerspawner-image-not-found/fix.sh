#!/bin/sh
# --8<-- [start:prepull]
# Pull the image by hand on the Docker host, as DockerSpawner would. If it works, the
# host has it now, and DockerSpawner will find it there (do it on every host that runs
# users' containers). If not, the error says why: no such tag, no access without a
# login, a registry that cannot be reached.
image=quay.io/jupyter/scipy-notebook:2025-10-20
docker pull "$image"
# --8<-- [end:prepull]

# --8<-- [start:login]
# A private registry: log in as the account that runs the hub, on the hub's machine.
# DockerSpawner's Docker client sends that account's credentials (~/.docker/config.json,
# or the file in $DOCKER_CONFIG) with each pull; Docker Engine keeps no logins itself.
# Restart the hub afterwards: the client reads the file when it is created.
registry=registry.example.org
docker login "$registry"
# --8<-- [end:login]
