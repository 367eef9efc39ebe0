# --8<-- [start:verify]
# Certificate checks turned on, but the server's certificate is signed by a CA that is
# not in the hub machine's list (a private CA, or a self-signed certificate).
import ssl

c.LDAPAuthenticator.tls_kwargs = {"validate": ssl.CERT_REQUIRED}
# --8<-- [end:verify]
