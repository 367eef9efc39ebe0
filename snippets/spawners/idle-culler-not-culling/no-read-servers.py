# --8<-- [start:broken]
# A role cut down to what the culler seems to need: it may list users and stop servers,
# but not read them. Without read:servers the user list has no "servers" field, and the
# culler fails on every user with a running server (KeyError: 'server').
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "delete:servers"],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:broken]
