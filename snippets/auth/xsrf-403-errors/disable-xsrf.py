# --8<-- [start:disable]
# Turns off the hub's XSRF check for every form and API request. Do not keep it.
c.JupyterHub.tornado_settings = {"xsrf_cookies": False}
# --8<-- [end:disable]
