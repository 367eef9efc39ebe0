# --8<-- [start:broken]
# Users open https://hub.example.org, but the callback is on another name of the same hub:
# the login's state cookie, set for hub.example.org, is not sent there.
c.GenericOAuthenticator.oauth_callback_url = "https://jupyter.example.org/hub/oauth_callback"
# --8<-- [end:broken]
