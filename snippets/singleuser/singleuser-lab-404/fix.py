# --8<-- [start:fix]
# Only where the users' environment has no user interface on purpose (a server used
# through its REST API, or until JupyterLab is installed): send users to the server's own
# page, which always exists. Delete the line again once JupyterLab is installed.
c.Spawner.default_url = "/"
# --8<-- [end:fix]
