# --8<-- [start:fix]
# Command-line options win over every config file, the image's too.
c.Spawner.args = ["--ServerApp.default_url=/lab"]
# --8<-- [end:fix]
