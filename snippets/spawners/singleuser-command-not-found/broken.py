# A path copied from another machine, or left from an environment that has since been
# removed or rebuilt elsewhere: nothing exists at this path on the hub's machine.
c.Spawner.cmd = ["/opt/conda/bin/jupyterhub-singleuser"]
