# --8<-- [start:last-activity]
# The idle limit the hub's database connections meet, in seconds: the MySQL or MariaDB
# server's wait_timeout (SELECT @@GLOBAL.wait_timeout), or a lower idle timeout of
# something between the hub and the server.
idle_limit = 120
# The hub's periodic work, every last_activity_interval seconds (300 by default), ends
# the transaction that keeps its connection busy: run it well within that limit.
c.JupyterHub.last_activity_interval = max(1, idle_limit // 2)
# --8<-- [end:last-activity]
