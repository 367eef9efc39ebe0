# The setting the 2016 troubleshooting page suspected. configurable-http-proxy has accepted
# it since April 2016: it listens on all interfaces and logs a warning.
c.JupyterHub.ip = "*"
