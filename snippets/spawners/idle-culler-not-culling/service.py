# --8<-- [start:service]
# jupyterhub-idle-culler as a service the hub starts and restarts: it stops servers that
# have been idle for an hour (--timeout, in seconds) and looks every 10 minutes
# (--cull-every; without it, half the timeout). It needs a role: see load_roles.
import sys

c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            "--timeout=3600",
            "--cull-every=600",
        ],
    },
]
# --8<-- [end:service]
