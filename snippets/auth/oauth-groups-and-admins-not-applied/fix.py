# --8<-- [start:fix]
# OAuthenticator 17: ask for the scope that carries the groups claim, let the
# authenticator manage the hub's groups, and point it at the claim in auth_state.
c.GenericOAuthenticator.scope = ["openid", "profile", "groups"]
c.GenericOAuthenticator.username_claim = "preferred_username"
c.GenericOAuthenticator.manage_groups = True
c.GenericOAuthenticator.auth_state_groups_key = "oauth_user.groups"
c.GenericOAuthenticator.allowed_groups = {"staff"}
c.GenericOAuthenticator.admin_groups = {"hub-admins"}
# --8<-- [end:fix]
