#!/bin/sh
# --8<-- [start:templates]
# Custom templates with a form and no _xsrf field: each needs one (JupyterHub 4 and later).
templates=/etc/jupyterhub/templates
for page in "$templates"/*.html; do
    if grep -qi '<form' "$page" && ! grep -q '_xsrf' "$page"; then
        echo "no _xsrf field: $page"
    fi
done
# --8<-- [end:templates]

# --8<-- [start:addresses]
# The address the hub saw for each request to the login page. One browser whose GET and
# POST show different addresses is behind proxies that do not pass its own address on.
log=/var/log/jupyterhub.log
grep -oE '[0-9]{3} (GET|POST) /hub/login[^ ]* \(@[^)]*\)' "$log" | tail -n 20
# --8<-- [end:addresses]
