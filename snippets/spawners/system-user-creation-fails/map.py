# --8<-- [start:map]
# Names that no adduser option lets through (only digits, more than 32 bytes, a + sign):
# give each the name its account should have. The hub then knows the user by that name,
# in its database and URLs too (/user/u12345/).
c.Authenticator.username_map = {"12345": "u12345"}
# --8<-- [end:map]
