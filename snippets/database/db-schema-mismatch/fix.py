# --8<-- [start:fix]
# Upgrade the database schema every time the hub starts, when it needs it.
# sqlite files get a dated copy first; take your own backups of other databases,
# because a failed migration cannot be undone from the hub.
c.JupyterHub.upgrade_db = True
# --8<-- [end:fix]
