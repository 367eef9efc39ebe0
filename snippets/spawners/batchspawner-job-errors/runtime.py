# A wall time shorter than a working day: Slurm ends the job, and the server, after it.
c.SlurmSpawner.req_runtime = "00:30:00"
