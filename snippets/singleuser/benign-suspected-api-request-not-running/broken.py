# --8<-- [start:broken]
# JupyterHub 5.4.1 and later log "Failing suspected API request" at debug level:
# you see it only with debug logging, as here. Earlier releases log it as a warning.
c.JupyterHub.log_level = "DEBUG"
# --8<-- [end:broken]
