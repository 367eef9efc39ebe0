# jupyterhub: ">=2"
# --8<-- [start:fix]
# Only for JupyterLab older than 3.2 in the users' environment: answer 503, which those
# releases understand as "the server stopped", instead of 424.
c.JupyterHub.use_legacy_stopped_server_status_code = True
# --8<-- [end:fix]
