# --8<-- [start:fix]
# Only when the server does start, just later than 30 seconds (a large environment, a
# slow network file system): wait longer for it to answer.
c.Spawner.http_timeout = 90
# --8<-- [end:fix]
