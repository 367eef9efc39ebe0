# --8<-- [start:fix]
# Ask for the scope that carries the claim, and name the claim. In OpenID Connect,
# "profile" carries preferred_username and name, "email" carries email.
c.GenericOAuthenticator.scope = ["openid", "profile"]
c.GenericOAuthenticator.username_claim = "preferred_username"
# --8<-- [end:fix]
