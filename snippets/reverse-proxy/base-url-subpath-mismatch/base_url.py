# --8<-- [start:base-url]
# The hub's URLs all start with /jupyter/: the same prefix as the reverse proxy's location.
c.JupyterHub.base_url = "/jupyter/"
# --8<-- [end:base-url]
