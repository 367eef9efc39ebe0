#!/bin/sh
# --8<-- [start:compile]
# Does the file parse? Python's own check, without starting anything.
config=/srv/jupyterhub/jupyterhub_config.py
python3 -m py_compile "$config" && echo "$config: no syntax errors"
# --8<-- [end:compile]

# --8<-- [start:warnings]
# Options the hub did not recognise, from the log of the hub's container.
name=jupyterhub
docker logs "$name" 2>&1 | grep 'not recognized by'
# --8<-- [end:warnings]

# --8<-- [start:remove-user]
# Users who logged in while a restriction was missing stay in the hub's database, and
# with allowed_users set, users in the database may still log in (allow_existing_users).
# Remove each of them (an admin's token, or a service's with the admin:users scope);
# 204 means removed.
token=paste-an-admin-token-here
name=carol
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE -H "Authorization: token $token" "http://127.0.0.1:8081/hub/api/users/$name"
# --8<-- [end:remove-user]

# --8<-- [start:start]
# Start the hub in its own directory (where relative paths such as the default
# sqlite:///jupyterhub.sqlite point) and name its config file explicitly.
hubdir=/srv/jupyterhub
cd "$hubdir" || exit 1
exec jupyterhub -f "$hubdir/jupyterhub_config.py"
# --8<-- [end:start]
