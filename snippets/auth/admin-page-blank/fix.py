# --8<-- [start:fix]
# The admin page for the help desk: see every user, their activity and servers, and
# start or stop those servers. admin-ui opens the page; each action it offers needs its
# own scope. If you already have load_roles, add the role to your list.
c.JupyterHub.load_roles = [
    {
        "name": "helpdesk",
        "description": "List users and start or stop their servers on the admin page",
        "scopes": ["admin-ui", "list:users", "read:users", "admin:servers"],
        "users": ["carol"],
    },
]
# --8<-- [end:fix]
