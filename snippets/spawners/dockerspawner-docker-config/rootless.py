# A rootless Docker engine run by the hub's own user: its socket is in that user's
# runtime directory, /run/user/<uid>/docker.sock (for rootless Podman's Docker API:
# /run/user/<uid>/podman/podman.sock).
import os

c.DockerSpawner.client_kwargs = {"base_url": f"unix:///run/user/{os.getuid()}/docker.sock"}
