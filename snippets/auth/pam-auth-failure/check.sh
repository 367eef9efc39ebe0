#!/bin/sh
# --8<-- [start:who]
# Which account runs the hub (its oldest process named jupyterhub), and whether that
# account may read /etc/shadow, where PAM finds the other accounts' password hashes.
pid=$(pgrep -o -x jupyterhub)
hub_user=$(ps -o user= -p "$pid")
echo "the hub (pid $pid) runs as: $hub_user"
if sudo -u "$hub_user" test -r /etc/shadow; then
  echo "$hub_user can read /etc/shadow"
else
  echo "$hub_user cannot read /etc/shadow"
fi
# --8<-- [end:who]

# --8<-- [start:pamela]
# Check one user's password with PAM as the hub does: as the hub's account, with the
# hub's Python (the one whose bin/ holds jupyterhub). It asks for the password; no output
# means PAM accepted it.
hub_user=root
python=/opt/jupyterhub/bin/python3
name=bob
sudo -u "$hub_user" "$python" -m pamela -a -P "$name"
# --8<-- [end:pamela]

# --8<-- [start:login]
# Log in through the hub's login form, as a browser does, and print the status: 302
# means the user got in, 403 (200 before JupyterHub 5) that the hub refused them.
# Run it on the hub's machine; it asks for the password.
hub=http://127.0.0.1:8000
name=bob
printf 'Password for %s: ' "$name"
stty -echo 2>/dev/null || true
read -r password
stty echo 2>/dev/null || true
echo
jar=$(mktemp)
curl -s -c "$jar" -b "$jar" -o /dev/null "$hub/hub/login"
xsrf=$(awk '$6 == "_xsrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}\n' \
  --data-urlencode "username=$name" --data-urlencode "password=$password" \
  --data-urlencode "_xsrf=$xsrf" "$hub/hub/login"
rm -f "$jar"
# --8<-- [end:login]

# --8<-- [start:system-log]
# What PAM itself wrote to the system log about refused passwords (run as root):
# /var/log/auth.log on Debian and Ubuntu, /var/log/secure on RHEL-like systems. With the
# journal only: journalctl --since -1h | grep -E 'pam_unix|unix_chkpwd'
grep -h -E 'pam_unix\(|unix_chkpwd' /var/log/auth.log /var/log/secure 2>/dev/null | tail -n 20
# --8<-- [end:system-log]
