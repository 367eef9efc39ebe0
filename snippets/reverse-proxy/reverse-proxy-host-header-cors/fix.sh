#!/bin/sh
# Run on the reverse proxy's machine, after editing its configuration.

# --8<-- [start:reload-nginx]
nginx -t && nginx -s reload
# --8<-- [end:reload-nginx]

# --8<-- [start:reload-apache]
# mod_headers for the RequestHeader line, a syntax check, then a graceful reload.
a2enmod proxy proxy_http headers && apache2ctl configtest && apache2ctl graceful
# --8<-- [end:reload-apache]
