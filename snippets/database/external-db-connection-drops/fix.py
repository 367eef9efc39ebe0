# --8<-- [start:mysql]
# MySQL / MariaDB: the hub's own connections wait 8 hours before the server closes them,
# whatever the server's wait_timeout. The hub uses its connections at least every few
# minutes, so none is left idle that long. (PyMySQL and mysqlclient take init_command.)
c.JupyterHub.db_kwargs = {
    "connect_args": {"init_command": "SET SESSION wait_timeout = 28800"},
}
# --8<-- [end:mysql]
