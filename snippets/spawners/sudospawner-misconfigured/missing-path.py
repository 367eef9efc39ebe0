# The mediator's path copied from JupyterHub's documentation, while pip installed
# sudospawner into the hub's own environment (/opt/hub): no file has this path.
# --8<-- [start:broken]
c.SudoSpawner.sudospawner_path = "/usr/local/bin/sudospawner"
# --8<-- [end:broken]
