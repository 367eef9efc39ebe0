# --8<-- [start:pattern-broken]
# Meant as "a capital, then letters", like the accounts; but the hub matches it against
# the lower-cased name, so no name matches.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.username_pattern = r"^[A-Z][A-Za-z]+$"
# --8<-- [end:pattern-broken]
