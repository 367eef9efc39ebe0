# The hub runs as its own ordinary account (rhea), not as root, and starts each user's
# server through sudo and sudospawner's mediator.
c.JupyterHub.spawner_class = "sudospawner.SudoSpawner"
