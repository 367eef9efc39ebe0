#!/bin/sh
# --8<-- [start:check]
# Log in through the hub's login form, as a browser would, and print the status:
# 302 means the user got in, 403 means the hub refused them.
hub=http://127.0.0.1:8000
name=alice
password=a-long-shared-password
jar=$(mktemp)
curl -s -c "$jar" -b "$jar" -o /dev/null "$hub/hub/login"
xsrf=$(awk '$6 == "_xsrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}\n' \
  --data-urlencode "username=$name" --data-urlencode "password=$password" \
  --data-urlencode "_xsrf=$xsrf" "$hub/hub/login"
rm -f "$jar"
# --8<-- [end:check]
