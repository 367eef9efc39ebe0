# --8<-- [start:broken]
# The hub's choice of the page a server opens on.
c.Spawner.default_url = "/lab"
# --8<-- [end:broken]
