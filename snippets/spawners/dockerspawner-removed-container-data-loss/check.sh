#!/bin/sh
# --8<-- [start:container]
# Whether the user's container is deleted when the server stops (AutoRemove), and what is
# mounted in it. Run it while the user's server is running: with remove = True a stopped
# container is gone already. Only the paths listed under mounts outlive the container.
name=alice
docker inspect -f 'remove when stopped: {{.HostConfig.AutoRemove}}
mounts:{{range .Mounts}} {{.Type}} {{if .Name}}{{.Name}}{{else}}{{.Source}}{{end}} on {{.Destination}}{{else}} none{{end}}' \
  "jupyter-$name"
# --8<-- [end:container]

# --8<-- [start:log]
# What DockerSpawner did with the user's container at each stop and start.
name=alice
hub=jupyterhub
docker logs "$hub" 2>&1 |
  grep -E "(Created|Found existing) container jupyter-$name |container that should have been cleaned up: jupyter-$name |Removing container [0-9a-f]+$"
# --8<-- [end:log]

# --8<-- [start:kept]
# The containers that DockerSpawner kept (remove = False), running or stopped: with
# remove = True, the next start of each of these users deletes it with its files.
docker ps --all --filter name=jupyter- --format '{{.Names}}\t{{.Status}}'
# --8<-- [end:kept]
