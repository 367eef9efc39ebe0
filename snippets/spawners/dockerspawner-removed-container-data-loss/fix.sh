#!/bin/sh
# --8<-- [start:rescue]
# Copy the files of a user's kept container into the volume their server mounts from
# now on. Run it for each kept container BEFORE you set remove = True (or before the
# user's next start): that start deletes the container, and anything not copied is lost.
# The files land in the volume's top folder, which the fix mounts on /home/jovyan/work.
name=USER-NAME
container="jupyter-$name"
volume="jupyterhub-user-$name"
# The folder the user saved in: your old notebook_dir (docker-stacks images: /home/jovyan).
from=/home/jovyan
# The container's image, and the user its server ran as (docker-stacks images: 1000);
# with no such container, the commands stop here.
image=$(docker inspect -f '{{.Config.Image}}' "$container") &&
owner=$(docker inspect -f '{{.Config.User}}' "$container") &&
docker volume create "$volume" &&
# A throwaway container of the same image unpacks the files into the volume, keeping
# their owners, and gives the volume's top folder to that user.
docker cp "$container:$from/." - |
  docker run --rm -i --user root -v "$volume:/into" --entrypoint sh "$image" \
    -c 'tar -x -C /into && chown "$1" /into && ls -la /into' sh "${owner:-1000}"
# --8<-- [end:rescue]
