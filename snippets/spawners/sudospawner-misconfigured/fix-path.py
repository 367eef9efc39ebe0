# --8<-- [start:fix]
# The mediator of the hub's own environment, where jupyterhub-singleuser is too;
# the sudoers rule names the same path.
c.SudoSpawner.sudospawner_path = "/opt/hub/bin/sudospawner"
# --8<-- [end:fix]
