# --8<-- [start:short]
# A token typed by hand, too short for the hub (it wants at least 8 characters).
c.JupyterHub.services = [
    {"name": "report-bot", "api_token": "secret"},
]
# --8<-- [end:short]
