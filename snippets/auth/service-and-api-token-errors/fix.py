# --8<-- [start:fix]
# The service under a new name, with a new token (token.sh) and a role with only what it
# does: here it reads the user list, the users' activity and their servers. The new name
# makes the hub delete the old service, its admin role and its old token.
c.JupyterHub.services = [
    {
        "name": "report-reader",
        "api_token": "23e76e9f3d66074d71c1d8ee932764b8e7050f6260f61524e08414b24e220d56",
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "report-reader",
        "description": "Read users, their activity and their servers",
        "scopes": ["list:users", "read:users:activity", "read:servers"],
        "services": ["report-reader"],
    },
]
# --8<-- [end:fix]
