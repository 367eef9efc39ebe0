#!/bin/sh
# --8<-- [start:volumes]
# The users' volumes: one per user who has started a server since the fix. They stay
# when containers are deleted; DockerSpawner never deletes them.
docker volume ls --filter name=jupyterhub-user- --format '{{.Name}}'
# --8<-- [end:volumes]
