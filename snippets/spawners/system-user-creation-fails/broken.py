# --8<-- [start:broken]
# PAM logins, and an account on the hub's machine that the hub makes itself for each user
# it knows (the Local* OAuthenticators, LDAP's LocalLDAPAuthenticator alike).
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.create_system_users = True
# Names as the organisation writes them: Debian's adduser refuses both.
c.Authenticator.allowed_users = {"jane.doe", "42student"}
# --8<-- [end:broken]
