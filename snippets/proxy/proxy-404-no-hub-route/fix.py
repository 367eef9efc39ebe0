# --8<-- [start:fix]
# The hub re-adds missing routes (its own and every running server's) each time it
# updates users' activity from the proxy. The default is every 300 seconds; a proxy that
# restarted in between answers 404 (or loops) until then. One minute bounds the outage.
c.JupyterHub.last_activity_interval = 60
# --8<-- [end:fix]
