"""Logic behind the JupyterHub troubleshooting guide: entries, generators, log matcher."""
