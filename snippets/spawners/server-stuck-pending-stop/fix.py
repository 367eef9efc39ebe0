# --8<-- [start:fix]
# How long LocalProcessSpawner waits for a server to exit after each signal it sends:
# SIGINT, then SIGTERM, then SIGKILL. JupyterHub 6 waits up to 30 + 30 + 5 seconds; these
# are the values of JupyterHub 5 and earlier, 10 + 5 + 5.
c.LocalProcessSpawner.interrupt_timeout = 10
c.LocalProcessSpawner.term_timeout = 5
c.LocalProcessSpawner.kill_timeout = 5
# --8<-- [end:fix]
