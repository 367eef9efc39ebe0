#!/bin/sh
# --8<-- [start:redirects]
# Where the hub's front page leads, as a browser without cookies follows it: a healthy
# hub ends on its login page with 200 after a redirect or two; a loop ends with curl's
# "Maximum (10) redirects followed". Use the address users open.
hub=http://127.0.0.1:8000
curl -sS -o /dev/null -L --max-redirs 10 \
    -w '%{http_code} after %{num_redirects} redirects: %{url_effective}\n' "$hub/hub/"
# --8<-- [end:redirects]
