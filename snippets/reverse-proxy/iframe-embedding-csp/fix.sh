#!/bin/sh
# Run on the reverse proxy's machine.

# --8<-- [start:find-xfo]
# JupyterHub never sends X-Frame-Options: find the configuration that adds it, and any
# line that hides the hub's Content-Security-Policy.
grep -rniE 'x-frame-options|hide_header +content-security-policy|header( +always)? +unset +content-security-policy' /etc/nginx /etc/apache2 2>/dev/null
# --8<-- [end:find-xfo]

# --8<-- [start:reload-nginx]
# After removing those lines: check the configuration, then reload it.
nginx -t && nginx -s reload
# --8<-- [end:reload-nginx]
