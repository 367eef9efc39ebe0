# --8<-- [start:fix]
# Only options the single-user server knows; --no-mathjax removed.
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=3600"]
# --8<-- [end:fix]
