# A partition this cluster does not have (a name copied from another cluster's set-up).
c.SlurmSpawner.req_partition = "gpu"
