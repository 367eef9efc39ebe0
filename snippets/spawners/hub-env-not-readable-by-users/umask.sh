#!/bin/sh
# The states this page is about, made by hand on a test machine (the scenarios use these
# sections). Never run them on a hub that users rely on.

# --8<-- [start:env-dir]
# An environment created by root under umask 077 (python3 -m venv, conda create -p): its
# top directory is root's alone, drwx------, and nobody else can enter anything below it.
prefix=/opt/jupyterhub
chmod 700 "$prefix"
# --8<-- [end:env-dir]

# --8<-- [start:packages]
# Packages installed or upgraded later by root under umask 077 (pip install --upgrade):
# each package's directory is drwx------ and its files -rw-------, in an environment
# whose own directories are still open.
prefix=/opt/jupyterhub
chmod -R go-rwx "$prefix"/lib/python3*/site-packages/*
# --8<-- [end:packages]
