# --8<-- [start:broken]
# Members of "staff" may log in, members of "hub-admins" are admins; but the hub does
# not ask for the "groups" scope, so the provider sends no groups claim.
c.GenericOAuthenticator.scope = ["openid", "profile"]
c.GenericOAuthenticator.username_claim = "preferred_username"
c.GenericOAuthenticator.manage_groups = True
c.GenericOAuthenticator.allowed_groups = {"staff"}
c.GenericOAuthenticator.admin_groups = {"hub-admins"}
# --8<-- [end:broken]
