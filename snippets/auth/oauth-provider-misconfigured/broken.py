# --8<-- [start:broken]
public_url = "https://hub.example.org"
# The callback without /hub/: not the URL registered with the provider.
c.GenericOAuthenticator.oauth_callback_url = public_url + "/oauth_callback"
# --8<-- [end:broken]
