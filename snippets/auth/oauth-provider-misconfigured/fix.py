# --8<-- [start:callback]
# The address users open, scheme included, and the hub's callback under it. Register
# exactly this URL with the provider (its "redirect URI" or "callback URL").
public_url = "https://hub.example.org"
c.GenericOAuthenticator.oauth_callback_url = public_url + "/hub/oauth_callback"
# --8<-- [end:callback]
