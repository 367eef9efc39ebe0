# --8<-- [start:scope]
# OAuthenticator asks for no scope unless told to. "openid" makes it an OpenID Connect
# login; "profile" and "email" release the claims the user name is taken from.
c.GenericOAuthenticator.scope = ["openid", "profile", "email"]
c.GenericOAuthenticator.username_claim = "preferred_username"
# --8<-- [end:scope]
