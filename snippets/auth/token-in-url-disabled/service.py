# The example's caller: a service that lists the users and reads files on their servers,
# with its own token. Make your own token with `openssl rand -hex 32`.
# --8<-- [start:service]
c.JupyterHub.services = [
    {
        "name": "notebook-export",
        "api_token": "4370a8ae559d12fc2bc828b9bf35aa148cf0a2cb326b82e04d351d23ae3c5c53",
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "notebook-export",
        # access:servers opens every user's server to this token: the token is as
        # valuable as every user's password. Filter it when you can (access:servers!group=...).
        "scopes": ["list:users", "access:servers"],
        "services": ["notebook-export"],
    },
]
# --8<-- [end:service]
