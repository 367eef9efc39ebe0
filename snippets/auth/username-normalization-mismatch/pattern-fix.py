# --8<-- [start:pattern-fix]
# The pattern sees the name after normalization: lower case by default.
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]*$"
# --8<-- [end:pattern-fix]
