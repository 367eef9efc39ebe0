# --8<-- [start:keep-case]
# PAM only: take each name as the machine spells it (looked up through its uid) instead
# of lower-casing it. Every name in allowed_users and admin_users must then be an
# existing account, or the hub stops at start-up with a KeyError.
c.PAMAuthenticator.pam_normalize_username = True
# --8<-- [end:keep-case]
