# --8<-- [start:debug]
# The hub at debug level: the authenticator (PAM, OAuthenticator, LDAPAuthenticator...)
# logs through the hub's logger, so its debug lines appear too. Restart the hub.
c.JupyterHub.log_level = "DEBUG"
# --8<-- [end:debug]
