# More memory per job than any node of the partition has.
c.SlurmSpawner.req_memory = "512G"
