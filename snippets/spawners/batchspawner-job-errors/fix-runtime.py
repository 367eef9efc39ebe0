# --8<-- [start:fix]
# The wall time of every server's job (Slurm's --time): as long as users work in one
# sitting, and no longer than the partition's MaxTime (`sinfo -o '%P %l'`).
c.SlurmSpawner.req_runtime = "08:00:00"
# --8<-- [end:fix]
