#!/bin/sh
# --8<-- [start:rebuild-hub-env]
# Stops the hub and keeps the old hub environment as /opt/tljh/hub.old-python.
sudo systemctl stop jupyterhub
sudo mv -T /opt/tljh/hub /opt/tljh/hub.old-python
# Builds a new /opt/tljh/hub for this Python; config, state and user are kept.
curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 -
# --8<-- [end:rebuild-hub-env]

# --8<-- [start:dev-container]
git clone https://github.com/jupyterhub/the-littlest-jupyterhub.git
cd the-littlest-jupyterhub || exit
docker build -t tljh-systemd . -f integration-tests/Dockerfile
docker run --privileged --detach --name=tljh-dev \
  --publish 127.0.0.1:12000:80 tljh-systemd
docker exec tljh-dev bash -c \
  'curl -L https://tljh.jupyter.org/bootstrap.py | python3 - --admin admin'
# Then open http://127.0.0.1:12000/ and log in as admin.
# --8<-- [end:dev-container]

# --8<-- [start:systemd-path]
# The name of your first admin user; its password is set at its first login.
admin=ADMIN-NAME
if [ "$admin" = ADMIN-NAME ]; then
  echo "set admin= to your admin's user name first" >&2
else
  curl -L https://tljh.jupyter.org/bootstrap.py |
    sudo env PATH="/lib/systemd:$PATH" python3 - --admin "$admin"
fi
# --8<-- [end:systemd-path]
