# --8<-- [start:default-claim]
# The scopes are right, but no username_claim: GenericOAuthenticator then looks for a
# claim called "username", which OpenID Connect providers do not send.
c.GenericOAuthenticator.scope = ["openid", "profile", "email"]
c.GenericOAuthenticator.allowed_users = {"alice"}
# --8<-- [end:default-claim]
