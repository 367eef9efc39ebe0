#!/bin/sh
# --8<-- [start:wait-timeout]
# How long the MySQL server keeps an idle connection (seconds); pool_recycle must be lower.
mysql -h db.internal -u jupyterhub -p -e "SHOW VARIABLES LIKE 'wait_timeout'"
# --8<-- [end:wait-timeout]
