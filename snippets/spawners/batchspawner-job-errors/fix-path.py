# --8<-- [start:fix]
import os
import sys

# The job runs on a node, as the user, with the PATH that sbatch had (sudo resets it to
# its secure_path). Name the commands by their full path in the hub's own environment,
# the directory of the python that runs the hub; the nodes must see it at the same path
# (a shared file system).
bin_dir = os.path.dirname(sys.executable)
c.SlurmSpawner.batchspawner_singleuser_cmd = os.path.join(bin_dir, "batchspawner-singleuser")
c.SlurmSpawner.cmd = [os.path.join(bin_dir, "jupyterhub-singleuser")]
# --8<-- [end:fix]
