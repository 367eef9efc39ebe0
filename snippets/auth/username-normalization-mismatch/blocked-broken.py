# --8<-- [start:blocked-broken]
# Blocks nobody: the hub compares the lower-cased name of each login with this list
# as written, and "johndoe" is not "JohnDoe".
c.Authenticator.blocked_users = {"JohnDoe"}
# --8<-- [end:blocked-broken]
