# --8<-- [start:starttls]
# StartTLS on the LDAP port (389): the default, and what LDAP v3 recommends. The
# server's certificate is checked against the CA that signed it.
import ssl

c.LDAPAuthenticator.server_address = "ldap.example.org"  # a name, no ldap:// and no port
c.LDAPAuthenticator.server_port = 389
c.LDAPAuthenticator.tls_strategy = "before_bind"
c.LDAPAuthenticator.tls_kwargs = {
    "validate": ssl.CERT_REQUIRED,
    "ca_certs_file": "/etc/jupyterhub/ldap-ca.pem",
}
# --8<-- [end:starttls]

# --8<-- [start:template]
# The DN of each user's entry, {username} standing for the name typed at login. Several
# templates are tried in order (people in two OUs, say).
c.LDAPAuthenticator.bind_dn_template = [
    "uid={username},ou=people,dc=example,dc=org",
]
# --8<-- [end:template]

# --8<-- [start:filter]
# The filter names what the people's entries really have (here inetOrgPerson).
c.LDAPAuthenticator.user_search_base = "ou=people,dc=example,dc=org"
c.LDAPAuthenticator.user_attribute = "uid"
c.LDAPAuthenticator.search_filter = "(&(objectClass=inetOrgPerson)({userattr}={username}))"
# --8<-- [end:filter]
