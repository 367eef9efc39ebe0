# --8<-- [start:map]
# Any authenticator: map the lower-cased name back to the account. The keys are looked
# up after lower-casing, so write them in lower case.
c.Authenticator.username_map = {"johndoe": "JohnDoe"}
# --8<-- [end:map]
