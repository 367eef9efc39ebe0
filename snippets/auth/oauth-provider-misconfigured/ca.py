# --8<-- [start:ca]
# OAuthenticator 16 and later. The file holds the certificate (PEM) of the CA that signed
# the provider's certificate; for the hub's requests to the provider (token, user info)
# it replaces the system's list of CAs.
c.GenericOAuthenticator.http_request_kwargs = {"ca_certs": "/etc/jupyterhub/idp-ca.pem"}
# --8<-- [end:ca]
