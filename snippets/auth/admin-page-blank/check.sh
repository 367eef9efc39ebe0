#!/bin/sh
# --8<-- [start:roles]
# The roles a user has. Run it with an admin's token (make one on /hub/token as an admin).
api=http://127.0.0.1:8081/hub/api
token=paste-an-admin-token-here
name=USER-NAME
curl -s -H "Authorization: token $token" "$api/users/$name" | grep -o '"roles": \[[^]]*\]'
# --8<-- [end:roles]

# --8<-- [start:templates]
# Your own admin.html and page.html, if any (c.JupyterHub.template_paths), and whether
# admin.html still loads the admin app of JupyterHub 2.0 and later.
templates=/etc/jupyterhub/templates
for page in "$templates/admin.html" "$templates/page.html"; do
    if [ -f "$page" ]; then
        echo "custom template: $page"
    fi
done
admin="$templates/admin.html"
if [ -f "$admin" ] && ! grep -q -e 'admin-react\.js' -e 'extends "templates/admin\.html"' "$admin"; then
    echo "no admin app in it (made for JupyterHub 1.x or older): $admin"
fi
# --8<-- [end:templates]

# --8<-- [start:script]
# The admin app's script and the Content-Security-Policy the hub sends, as a browser gets
# them through the proxy (your hub's public address).
hub=http://127.0.0.1:8000
curl -s -o /dev/null -w 'admin-react.js: HTTP %{http_code}\n' "$hub/hub/static/js/admin-react.js"
curl -s -o /dev/null -D - "$hub/hub/login" | grep -i '^content-security-policy'
# --8<-- [end:script]
