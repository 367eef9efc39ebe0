# --8<-- [start:fix]
# The option and class names as JupyterHub spells them (see the "Did you mean" hint).
c.Authenticator.allowed_users = {"alice", "bob"}
c.JupyterHub.cookie_max_age_days = 1
# --8<-- [end:fix]
