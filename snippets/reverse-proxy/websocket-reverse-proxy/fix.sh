#!/bin/sh
# Run on the reverse proxy's machine, after editing its configuration.

# --8<-- [start:reload-nginx]
# Check the whole configuration, then reload it: running connections finish on the old one.
nginx -t && nginx -s reload
# --8<-- [end:reload-nginx]

# --8<-- [start:reload-apache]
# The proxy modules, a syntax check, then a graceful reload.
a2enmod proxy proxy_http && apache2ctl configtest && apache2ctl graceful
# --8<-- [end:reload-apache]
