# --8<-- [start:fix]
# What jupyterhub-idle-culler uses, and nothing more:
#   list:users           GET /hub/api/users, the list it culls from
#   read:users:activity  the users' last_activity
#   read:servers         the servers in that list, with their own last_activity
#   delete:servers       DELETE /hub/api/users/<name>/server, the stop itself
# "services" must name the service exactly as c.JupyterHub.services does.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "List users and stop their idle servers",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
# --8<-- [end:fix]
