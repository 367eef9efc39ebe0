# --8<-- [start:group-paths]
# A provider that sends group paths (Keycloak's "Full group path"): write the names
# exactly as they arrive, leading slash included.
c.GenericOAuthenticator.allowed_groups = {"/staff"}
c.GenericOAuthenticator.admin_groups = {"/hub-admins"}
# --8<-- [end:group-paths]
