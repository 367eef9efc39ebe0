#!/bin/sh
# --8<-- [start:told]
# The Hub API URL a server's container was created with (works on a stopped container).
name=alice
docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "jupyter-$name" | grep '^JUPYTERHUB_API_URL='
# --8<-- [end:told]
