# --8<-- [start:fix]
# The memory each user's server may use, the server and all its kernels together:
# enough for the largest work your users do (our test loads 384 MiB in one cell).
c.Spawner.mem_limit = "1G"
# --8<-- [end:fix]
