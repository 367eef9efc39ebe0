# A service defined the way it was before JupyterHub 2.0: a token, and no role. Here the
# idle culler, run outside the hub with this token in JUPYTERHUB_API_TOKEN. Make your own
# token with `openssl rand -hex 32`, and keep it out of version control.
# --8<-- [start:broken]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "api_token": "9cd2c1853a129786944e6f266a86b4ca79497357c7626cfa44c0e8e481f9f431",
    },
]
# --8<-- [end:broken]
