# --8<-- [start:ldaps]
# TLS from the first byte on the ldaps port (636), for servers that want it.
import ssl

c.LDAPAuthenticator.server_address = "ldap.example.org"  # a name, no ldaps:// and no port
c.LDAPAuthenticator.server_port = 636
c.LDAPAuthenticator.tls_strategy = "on_connect"
c.LDAPAuthenticator.tls_kwargs = {
    "validate": ssl.CERT_REQUIRED,
    "ca_certs_file": "/etc/jupyterhub/ldap-ca.pem",
}
# --8<-- [end:ldaps]
