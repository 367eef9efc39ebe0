# --8<-- [start:sessions-off]
# Open no PAM session when a server starts: the default since JupyterHub 2.2, so
# deleting the line that sets it to True does the same.
c.PAMAuthenticator.open_sessions = False
# --8<-- [end:sessions-off]
