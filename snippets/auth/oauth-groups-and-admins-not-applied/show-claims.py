# --8<-- [start:show-claims]
# For a diagnosis only: log what the provider sent at each login (the user info, groups
# included). It holds personal data: remove it once you have looked.
def show_claims(authenticator, auth_state):
    authenticator.log.warning("user info from the provider: %s", auth_state["oauth_user"])
    return auth_state


c.GenericOAuthenticator.modify_auth_state_hook = show_claims
# --8<-- [end:show-claims]
