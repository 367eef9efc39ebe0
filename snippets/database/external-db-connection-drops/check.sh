#!/bin/sh
# --8<-- [start:wait-timeout]
host=db.internal
user=jupyterhub
# How long the MySQL or MariaDB server keeps an idle connection, in seconds (the server's
# setting: the mysql command's own session gets interactive_timeout instead).
# Give the password in MYSQL_PWD, or add -p to be asked for it.
mysql -h "$host" -u "$user" -N -e "SELECT @@GLOBAL.wait_timeout"
# --8<-- [end:wait-timeout]
