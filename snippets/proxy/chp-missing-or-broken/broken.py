# JupyterHub's default: start the proxy by its bare command name. The hub then looks it
# up on its own PATH, which is often not your login shell's PATH (a systemd unit, sudo's
# secure_path, a conda environment or virtualenv that is not activated).
c.ConfigurableHTTPProxy.command = ["configurable-http-proxy"]
