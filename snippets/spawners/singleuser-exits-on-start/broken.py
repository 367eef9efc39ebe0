# Arguments kept from a hub whose users ran the classic Notebook (6 and older), which had
# a --no-mathjax flag. jupyterhub-singleuser runs Jupyter Server, which has no such option:
# the server stops while reading its command line.
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=3600", "--no-mathjax"]
