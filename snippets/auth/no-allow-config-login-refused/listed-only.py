# --8<-- [start:listed-only]
# Only the users named in allowed_users (and admins) may log in: users who are in the
# hub's database without being listed are refused, and so are users added on the admin
# page until you list them here.
c.Authenticator.allow_existing_users = False
# --8<-- [end:listed-only]
