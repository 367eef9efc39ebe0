# Each user's server opens in ~/notebooks, a folder that nobody created.
c.Spawner.notebook_dir = "~/notebooks"
