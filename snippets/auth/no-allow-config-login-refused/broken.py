# jupyterhub: ">=5.3"
# An authenticator and nothing saying who may use the hub. Shown with JupyterHub's own
# SharedPasswordAuthenticator (JupyterHub 5.3 and later); PAMAuthenticator and
# OAuthenticator (16 and later) behave the same way.
# --8<-- [start:broken]
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = "a-long-shared-password"
# --8<-- [end:broken]
