# --8<-- [start:fix]
# Culling users too: write the value (--cull-users=true), which 1.x and 2.x both read.
# Deleting a user (DELETE /hub/api/users/<name>) needs delete:users, the part of
# admin:users that deleting takes; admin:users would also let the culler create, rename
# and change any user, make admins, and read users' auth_state.
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
            "--cull-users=true",
        ],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "List users, stop their idle servers, delete idle users",
        "scopes": [
            "list:users",
            "read:users:activity",
            "read:servers",
            "delete:servers",
            "delete:users",
        ],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:fix]
