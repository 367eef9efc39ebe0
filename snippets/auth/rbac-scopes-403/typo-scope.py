# --8<-- [start:typo-scope]
# A misspelt scope (list:user instead of list:users): the hub refuses to start.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:user", "read:users:activity", "servers"],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:typo-scope]
