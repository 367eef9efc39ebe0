# BatchSpawner's SlurmSpawner, as its README starts it: each server is a Slurm job,
# submitted as the user with `sudo -E -u {username} sbatch`. The job runs
# `batchspawner-singleuser jupyterhub-singleuser`, found on the job's PATH.
import batchspawner  # noqa: F401  (registers BatchSpawner's API handler in the hub)

c.JupyterHub.spawner_class = "batchspawner.SlurmSpawner"
