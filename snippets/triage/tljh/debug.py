# --8<-- [start:debug]
# /opt/tljh/config/jupyterhub_config.d/debug.py: the hub at debug level, and each
# single-user server with --debug on its command line (from its next start). TLJH loads
# this file after config.yaml; `sudo tljh-config reload hub` applies it.
c.JupyterHub.log_level = "DEBUG"
c.Spawner.args = ["--debug"]  # add "--debug" to your own list if you have one
# --8<-- [end:debug]
