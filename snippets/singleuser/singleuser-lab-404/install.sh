#!/bin/sh
# --8<-- [start:install]
# In the environment that runs jupyterhub-singleuser (as its owner, or in the users'
# image's Dockerfile as RUN lines): JupyterLab for /lab, Notebook 7 for /tree.
singleuser=$(command -v jupyterhub-singleuser)
python=$(head -n 1 "$singleuser" | sed 's/^#! *//')
"$python" -m pip install jupyterlab notebook
# --8<-- [end:install]
