# jupyterhub_config.py: the hub terminates TLS itself (configurable-http-proxy serves
# https on port 8000), though nginx in front already does and talks http to it.
# --8<-- [start:hub-ssl]
c.JupyterHub.ssl_cert = "/etc/ssl/jupyterhub/fullchain.crt"
c.JupyterHub.ssl_key = "/etc/ssl/jupyterhub/hub.key"
# --8<-- [end:hub-ssl]
