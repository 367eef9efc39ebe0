# --8<-- [start:fix]
# Only with a LocalAuthenticator: PAMAuthenticator or a Local* class such as
# oauthenticator's LocalGitHubOAuthenticator. The hub (running as root) creates an account
# on its machine for every user it lets in who has none, with the command in
# c.LocalAuthenticator.add_user_cmd (Debian's adduser by default).
c.LocalAuthenticator.create_system_users = True
# --8<-- [end:fix]
