#!/bin/sh
# Run anywhere that reaches the hub the way users do.

# --8<-- [start:hub-headers]
# The hub's answer: its Content-Security-Policy, any X-Frame-Options, and its cookies.
hub=https://hub.example.org
curl -s -o /dev/null -D - "$hub/hub/login" | grep -i -e '^content-security-policy:' -e '^x-frame-options:' -e '^set-cookie:'
# --8<-- [end:hub-headers]

# --8<-- [start:server-headers]
# A user's server answers for itself (403 without a login, with its own headers).
hub=https://hub.example.org
name=USER-NAME
curl -s -o /dev/null -D - "$hub/user/$name/api/status" | grep -i -e '^HTTP/' -e '^content-security-policy:' -e '^x-frame-options:'
# --8<-- [end:server-headers]
