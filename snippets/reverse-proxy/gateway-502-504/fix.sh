#!/bin/sh
# Run on the reverse proxy's machine, after editing its configuration.

# --8<-- [start:reload-nginx]
# Check the whole configuration, then reload it: running connections finish on the old one.
nginx -t && nginx -s reload
# --8<-- [end:reload-nginx]
