# --8<-- [start:wrong-key]
# The scope is right now, but the key names the claim alone. auth_state_groups_key is a
# path in the hub's auth_state, where the provider's user info is under "oauth_user".
c.GenericOAuthenticator.scope = ["openid", "profile", "groups"]
c.GenericOAuthenticator.auth_state_groups_key = "groups"
# --8<-- [end:wrong-key]
