# --8<-- [start:typo-service]
# A role naming a service that c.JupyterHub.services does not define (idle-cullers
# instead of idle-culler): the hub refuses to start.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "servers"],
        "services": ["idle-cullers"],
    },
]
# --8<-- [end:typo-service]
