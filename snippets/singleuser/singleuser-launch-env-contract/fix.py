# --8<-- [start:fix]
# Or do without the launcher: the hub runs the server itself, and whatever the launcher
# prepared goes into the environment the hub passes (a value here wins over the hub's).
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.environment = {"EXAMPLE_SITE_SETTING": "on"}
# --8<-- [end:fix]
