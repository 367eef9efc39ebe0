# --8<-- [start:broken]
# The role of the culler example in JupyterHub's RBAC docs ("Use cases"): read:users:name
# lets the service read a user's name, but not list the users. GET /hub/api/users needs
# list:users, so every pass of the culler ends in a 403 and nothing is culled.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "Culls idle servers",
        "scopes": ["read:users:name", "read:users:activity", "servers"],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:broken]
