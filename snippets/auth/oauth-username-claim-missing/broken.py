# --8<-- [start:broken]
# The user name is to come from preferred_username, but the hub asks the provider for
# "openid" alone: the provider then sends the user's id (sub) and nothing else.
c.GenericOAuthenticator.scope = ["openid"]
c.GenericOAuthenticator.username_claim = "preferred_username"
c.GenericOAuthenticator.allowed_users = {"alice"}
# --8<-- [end:broken]
