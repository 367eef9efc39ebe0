# --8<-- [start:fix]
# Name who may log in. Users you add later on the admin page (or with the REST API) are
# allowed too; without this line they would be refused as well.
c.Authenticator.allowed_users = {"alice", "bob"}
c.Authenticator.allow_existing_users = True
# --8<-- [end:fix]
