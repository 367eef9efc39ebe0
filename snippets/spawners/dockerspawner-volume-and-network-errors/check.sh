#!/bin/sh
# --8<-- [start:networks]
# The networks the engine has, and the ones the hub's container is on: the users'
# containers must join one of the hub's (give its exact name to network_name).
hub=jupyterhub
docker network ls --format '{{.Name}}'
echo "hub $hub is on:"
docker inspect --format '{{range $net, $conf := .NetworkSettings.Networks}}{{println $net}}{{end}}' "$hub"
# --8<-- [end:networks]

# --8<-- [start:container]
# A user's container (jupyter-<name> by default; `docker ps -a` lists them): the
# networks it joined, with its address on each, and what is mounted where.
name=jupyter-alice
docker inspect --format '{{range $net, $conf := .NetworkSettings.Networks}}network {{$net}} {{$conf.IPAddress}}{{println}}{{end}}' "$name"
docker inspect --format '{{range .Mounts}}mount {{.Type}} {{if .Name}}{{.Name}}{{else}}{{.Source}}{{end}} -> {{.Destination}}{{println}}{{end}}' "$name"
# --8<-- [end:container]
