# --8<-- [start:old-config]
# Written for OAuthenticator 16: groups without manage_groups.
c.GenericOAuthenticator.scope = ["openid", "profile", "groups"]
c.GenericOAuthenticator.username_claim = "preferred_username"
c.GenericOAuthenticator.claim_groups_key = "groups"
c.GenericOAuthenticator.allowed_groups = {"staff"}
c.GenericOAuthenticator.admin_groups = {"hub-admins"}
# --8<-- [end:old-config]
