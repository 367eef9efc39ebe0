# --8<-- [start:fix]
# A role that grants the service what it does, and nothing more. These three scopes are
# what jupyterhub-idle-culler needs to stop idle servers: the user list, the users' last
# activity, and their servers. If you already have load_roles, add the role to your list.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "List users and stop their idle servers",
        "scopes": ["list:users", "read:users:activity", "servers"],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:fix]
