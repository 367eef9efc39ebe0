#!/bin/sh
# --8<-- [start:api]
# Does the user's server offer terminals? 200 means yes, 404 means terminals are off or
# not installed. The token is one of that user's (from the hub's /hub/token page).
hub_url=https://hub.example.org
name=alice
token=USER-TOKEN
curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: token $token" "$hub_url/user/$name/api/terminals"
# --8<-- [end:api]

# --8<-- [start:settings]
# Is terminals_enabled set to False on the running server's command line or in a Jupyter
# config file? Run as root on the machine where the user's server runs; jupyter is the one
# of the environment that runs jupyterhub-singleuser.
name=alice
jupyter=/opt/jupyterhub/bin/jupyter
pgrep -a -u "$name" -f jupyterhub-singleuser | grep -o '[A-Za-z]*App\.terminals_enabled=[A-Za-z]*'
for dir in $(sudo -u "$name" -H "$jupyter" --paths | awk '/^config:/ {c = 1; next} /^[a-z]/ {c = 0} c {print $1}'); do
    grep -rs 'terminals_enabled' "$dir"
done
# --8<-- [end:settings]

# --8<-- [start:extensions]
# Can the server import its terminal extension (jupyter_server_terminals, terminado)?
name=alice
jupyter=/opt/jupyterhub/bin/jupyter
sudo -u "$name" -H "$jupyter" server extension list 2>&1 | grep -A 2 'jupyter_server_terminals'
# --8<-- [end:extensions]

# --8<-- [start:shell]
# The user's login shell, which terminals run unless terminado_settings names another.
name=alice
shell=$(getent passwd "$name" | cut -d: -f7)
case "$shell" in
    */nologin | */false) echo "$name's shell $shell refuses logins: terminals close at once" ;;
    *) if [ -x "$shell" ]; then echo "$name's shell $shell is executable"; else echo "$name's shell '$shell' is NOT executable"; fi ;;
esac
# --8<-- [end:shell]
