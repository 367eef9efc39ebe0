# --8<-- [start:fix]
# Ask only for what `sinfo` lists: an existing partition, and memory a node has.
c.SlurmSpawner.req_partition = "debug"
c.SlurmSpawner.req_memory = "1G"
# --8<-- [end:fix]
