#!/bin/sh
# The hub's lines about logins: which authenticator runs, who logged in, who was refused
# and why, and the requests to the login and OAuth callback pages.

# --8<-- [start:journal]
# systemd (The Littlest JupyterHub too): the last hour of the hub's service.
unit=jupyterhub
pattern='Using Authenticator|User logged in|Failed login|not allowed\.|blocked\. Stop|Disallowing invalid|/hub/login|oauth_callback|OAuth redirect|XSRF|PAM|LDAP|Attempting to bind|Successfully bound'
journalctl -u "$unit" --since "1 hour ago" --no-pager | grep -E "$pattern"
# --8<-- [end:journal]

# --8<-- [start:docker]
# Docker: the last hour of the hub container's output.
name=jupyterhub
pattern='Using Authenticator|User logged in|Failed login|not allowed\.|blocked\. Stop|Disallowing invalid|/hub/login|oauth_callback|OAuth redirect|XSRF|PAM|LDAP|Attempting to bind|Successfully bound'
docker logs --since 1h "$name" 2>&1 | grep -E "$pattern"
# --8<-- [end:docker]
