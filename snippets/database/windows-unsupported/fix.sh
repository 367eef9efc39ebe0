#!/bin/sh
# Run from WSL 2 or any shell that has Docker Desktop's docker command.

# --8<-- [start:docker]
# The hub in a Linux container. Published on 127.0.0.1 only: this machine can reach it,
# nobody else. Before you publish it for others (-p 8000:8000), put TLS in front of it.
docker run -d --name jupyterhub -p 127.0.0.1:8000:8000 quay.io/jupyterhub/jupyterhub jupyterhub
# --8<-- [end:docker]
