# --8<-- [start:fix]
# Let each user have servers with names, besides their default server ...
c.JupyterHub.allow_named_servers = True
# ... up to this many named servers each. Stopped servers count until their owner deletes
# them; 0 (the default) means no limit.
c.JupyterHub.named_server_limit_per_user = 5
# --8<-- [end:fix]
