#!/bin/sh
# --8<-- [start:move-aside]
# Put the old admin.html aside, so that the hub serves its own admin page again. Nothing
# is deleted: compare it with the hub's admin.html later, and keep your changes as blocks
# of a template that extends the hub's own.
templates=/etc/jupyterhub/templates
mv "$templates/admin.html" "$templates/admin.html.old"
# --8<-- [end:move-aside]
