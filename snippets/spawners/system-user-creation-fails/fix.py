# --8<-- [start:fix]
# Debian 12, Ubuntu 24.04 and later: the hub's usual command, plus the option that lets
# adduser accept dots, at signs and a leading digit. (Debian 11 and Ubuntu 22.04 name it
# --force-badname.) The hub appends the user's name to this list.
c.LocalAuthenticator.add_user_cmd = [
    "adduser",
    "-q",
    "--gecos",
    '""',
    "--disabled-password",
    "--allow-bad-names",
]
# --8<-- [end:fix]
