import os

# --8<-- [start:fix]
# The directory that holds the traefik binary, first on the PATH the hub gives traefik.
c.TraefikProxy.traefik_env = {"PATH": "/opt/traefik:" + os.environ.get("PATH", "/usr/bin:/bin")}
# --8<-- [end:fix]
