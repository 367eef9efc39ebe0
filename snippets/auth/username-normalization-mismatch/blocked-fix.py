# --8<-- [start:blocked-fix]
# Write blocked users as the hub names them: lower case (unless pam_normalize_username
# or your own normalize_username keeps the case).
c.Authenticator.blocked_users = {"johndoe"}
# --8<-- [end:blocked-fix]
