# --8<-- [start:broken]
# A culler command written for jupyterhub-idle-culler 1.x, where --cull-users alone meant
# "true" (as Zero to JupyterHub's chart and TLJH still write it, for the 1.x they install).
# Since 2.0.0 every option takes a value: the culler exits at once with a usage error, the
# hub starts it again, and it exits again.
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
            "--cull-users",
        ],
    },
]
# --8<-- [end:broken]
