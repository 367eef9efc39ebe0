# --8<-- [start:templates]
# Where the hub looks for your own templates first, before its own.
c.JupyterHub.template_paths = ["/etc/jupyterhub/templates"]
# --8<-- [end:templates]
