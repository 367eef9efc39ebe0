# --8<-- [start:lookup]
# Look users up as an account that may read the directory, then bind as the DN found.
# Its password comes from the hub's environment, not from this file.
import os

c.LDAPAuthenticator.lookup_dn = True
c.LDAPAuthenticator.bind_dn_template = []
c.LDAPAuthenticator.user_search_base = "ou=people,dc=example,dc=org"
c.LDAPAuthenticator.user_attribute = "uid"  # Active Directory: "sAMAccountName"
c.LDAPAuthenticator.lookup_dn_user_dn_attribute = "uid"  # Active Directory: "cn"
c.LDAPAuthenticator.lookup_dn_search_user = "cn=jupyterhub,ou=services,dc=example,dc=org"
c.LDAPAuthenticator.lookup_dn_search_password = os.environ.get("LDAP_SEARCH_PASSWORD", "")
# --8<-- [end:lookup]
