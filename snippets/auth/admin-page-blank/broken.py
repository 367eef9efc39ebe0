# A role that opens the admin page to carol, and nothing more: admin-ui lets her load
# /hub/admin, but the page lists users through the REST API, which needs list:users.
# --8<-- [start:broken]
c.JupyterHub.load_roles = [
    {
        "name": "helpdesk",
        "description": "Open the admin page",
        "scopes": ["admin-ui"],
        "users": ["carol"],
    },
]
# --8<-- [end:broken]
