# --8<-- [start:culler]
# The idle culler asks for users 200 at a time (JupyterHub 2.0's paginated user list)
# and waits up to 120 s for the hub's answers instead of the default 60 s.
import sys

c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            "--timeout=3600",
            "--api-page-size=200",
        ],
        "environment": {"JUPYTERHUB_REQUEST_TIMEOUT": "120"},
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "servers"],
        "services": ["idle-culler"],
    }
]
# --8<-- [end:culler]
