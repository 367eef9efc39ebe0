# --8<-- [start:activity]
# Only for an idle timeout under about 10 minutes. The hub learns of activity from the
# proxy every last_activity_interval seconds and from each server every
# JUPYTERHUB_ACTIVITY_INTERVAL seconds (both 300 by default); the culler only sees what
# the hub has learnt. Report more often, and keep --timeout several times above both.
# Each report is a request to the hub and a database write: do not go much lower.
c.JupyterHub.last_activity_interval = 60
c.Spawner.environment.update({"JUPYTERHUB_ACTIVITY_INTERVAL": "60"})
# --8<-- [end:activity]
