#!/bin/sh
# Run on the reverse proxy's machine.

# --8<-- [start:follow]
# Follow the hub's redirects through the reverse proxy, one hop a line. A path that
# grows (/jupyter/hub/hub/...) or leaves the prefix (/hub/...) is this problem.
url=http://127.0.0.1/jupyter/hub/login
curl -s -o /dev/null -L --max-redirs 5 -w '%{http_code} %{url_effective}\n' "$url" || true
curl -s -o /dev/null -D - --max-redirs 0 "$url" | grep -iE '^(HTTP|location)'
# --8<-- [end:follow]

# --8<-- [start:nginx-location]
# The location and its proxy_pass: anything after host:port (even a lone "/") replaces
# the location's prefix in the path nginx sends on.
nginx -T 2>/dev/null | grep -nE 'location|proxy_pass'
# --8<-- [end:nginx-location]

# --8<-- [start:apache-proxypass]
# Both sides of ProxyPass must carry the same prefix as c.JupyterHub.base_url.
grep -rnE 'ProxyPass(Reverse)? ' /etc/apache2/sites-enabled/
# --8<-- [end:apache-proxypass]
