# A configuration from before JupyterHub 2.0, still found in many deployments: a token that
# acts as a user (api_tokens) and a service made an admin with admin: True.
# --8<-- [start:broken]
c.JupyterHub.api_tokens = {
    "0c3d54a5a9be4a0e8f1f6f2d4c6e9b7a1d2f3e4c5b6a79808f9e0d1c2b3a4f5e": "alice",
}
c.JupyterHub.services = [
    {
        "name": "report-bot",
        "api_token": "5e7b9a21c4d84f0b9a1e2d3c4b5a69788f7e6d5c4b3a29181f0e1d2c3b4a5968",
        "admin": True,
    },
]
# --8<-- [end:broken]
