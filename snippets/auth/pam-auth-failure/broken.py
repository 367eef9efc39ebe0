# --8<-- [start:broken]
# PAM, JupyterHub's default authenticator: users log in with the password of their
# account on the hub's machine. Nothing is wrong in this file; what breaks the logins is
# the account the hub runs as (see the page).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {"alice", "bob"}
# --8<-- [end:broken]
