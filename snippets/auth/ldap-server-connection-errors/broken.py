# --8<-- [start:url]
# A URL where LDAPAuthenticator wants a bare host name, with the ldaps port. The
# ldaps:// makes ldap3 connect with TLS; tls_strategy is still "before_bind" (the
# default), so LDAPAuthenticator then asks for StartTLS on a connection that has TLS.
c.LDAPAuthenticator.server_address = "ldaps://ldap.example.org"
c.LDAPAuthenticator.server_port = 636
# --8<-- [end:url]

# --8<-- [start:template]
# The people are under ou=people; this template builds uid=alice,ou=users,... for alice,
# an entry the directory does not have.
c.LDAPAuthenticator.bind_dn_template = ["uid={username},ou=users,dc=example,dc=org"]
# --8<-- [end:template]

# --8<-- [start:lookup]
# Looks each user up anonymously first. Many directories (Active Directory, and ours)
# let anonymous clients bind but not read: the search finds nobody.
c.LDAPAuthenticator.lookup_dn = True
c.LDAPAuthenticator.bind_dn_template = []
c.LDAPAuthenticator.user_search_base = "ou=people,dc=example,dc=org"
c.LDAPAuthenticator.user_attribute = "uid"
c.LDAPAuthenticator.lookup_dn_user_dn_attribute = "uid"
# --8<-- [end:lookup]

# --8<-- [start:filter]
# Only posixAccount entries may log in, but the people are inetOrgPerson entries
# without that object class: the filter matches nobody.
c.LDAPAuthenticator.user_search_base = "ou=people,dc=example,dc=org"
c.LDAPAuthenticator.user_attribute = "uid"
c.LDAPAuthenticator.search_filter = "(&(objectClass=posixAccount)({userattr}={username}))"
# --8<-- [end:filter]
