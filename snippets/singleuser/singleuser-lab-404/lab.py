# --8<-- [start:lab]
# Once jupyterlab is installed where jupyterhub-singleuser runs, JupyterLab is the default
# user interface: "/lab" here is only needed to override another default.
c.Spawner.default_url = "/lab"
# --8<-- [end:lab]
