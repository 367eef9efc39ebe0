#!/bin/sh
# --8<-- [start:install]
# A stand-in for an app installed outside the server's PATH, as RStudio Server's rserver
# is (/usr/lib/rstudio-server/bin): `dashboard --port PORT` serves the directory it
# starts in on 127.0.0.1:PORT. Run as root on the machine where the users' servers run.
mkdir -p /opt/dashboard/bin
cat > /opt/dashboard/bin/dashboard <<'APP'
#!/bin/sh
exec python3 -m http.server "$2" --bind 127.0.0.1
APP
chmod 755 /opt/dashboard/bin/dashboard
# --8<-- [end:install]
