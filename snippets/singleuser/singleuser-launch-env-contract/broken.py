# The hub runs a launcher script of the site's own instead of jupyterhub-singleuser:
# it prepares the user's session, then starts the server (start-singleuser.sh on the page).
c.Spawner.cmd = ["/usr/local/bin/start-singleuser"]
