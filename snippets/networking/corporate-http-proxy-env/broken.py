# jupyterhub: ">=6"
# JupyterHub 6 ignores http_proxy/https_proxy for its own requests, unless you ask its HTTP
# client to trust the environment, e.g. to reach some service through the proxy.
# --8<-- [start:trust-env]
c.JupyterHubHTTPClient.session_options = {"trust_env": True}
# --8<-- [end:trust-env]
