# --8<-- [start:broken]
# PAM, with the users listed as their accounts on the machine spell them. JohnDoe's
# account has capitals; the hub lower-cases the names of its lists and of every login.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.admin_users = {"JohnDoe"}
c.Authenticator.allowed_users = {"JohnDoe", "alice"}
# --8<-- [end:broken]
