# --8<-- [start:fix]
# Name who may log in.
c.Authenticator.allowed_users = {"alice", "bob"}
# Users already in the hub's database may log in too, including those you add later on
# the admin page or with the REST API. This is the default once allowed_users is set;
# written out, it stays on if you replace allowed_users by allowed_groups.
c.Authenticator.allow_existing_users = True
# --8<-- [end:fix]
