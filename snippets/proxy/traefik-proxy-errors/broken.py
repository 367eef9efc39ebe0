# --8<-- [start:broken]
c.JupyterHub.proxy_class = "traefik_file"
# --8<-- [end:broken]
