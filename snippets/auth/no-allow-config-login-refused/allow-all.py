# --8<-- [start:allow-all]
# Everyone who can authenticate gets in: right for PAM on a machine whose accounts are
# all meant to use the hub, and for a shared password. Wrong for OAuth with a public
# provider (GitHub, Google): every account there could log in.
c.Authenticator.allow_all = True
# --8<-- [end:allow-all]
