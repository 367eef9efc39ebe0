# --8<-- [start:templates]
# Your own pages, in place of the hub's (here a custom login.html).
c.JupyterHub.template_paths = ["/etc/jupyterhub/templates"]
# --8<-- [end:templates]
