# auth_state keeps what the authenticator learned at login (an OAuth access token, for
# example) in the hub's database, for the user's server to use. The hub encrypts it
# with the key in its environment variable JUPYTERHUB_CRYPT_KEY, which nothing here sets.
c.Authenticator.enable_auth_state = True
