# --8<-- [start:email]
# The e-mail address as the user name, with an allow list written for short names.
c.GenericOAuthenticator.scope = ["openid", "email"]
c.GenericOAuthenticator.username_claim = "email"
# --8<-- [end:email]
