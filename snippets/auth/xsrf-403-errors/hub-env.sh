#!/bin/sh
# jupyterhub: ">=5.3"
# --8<-- [start:cidrs]
# In the hub's environment, before it starts (a line in jupyterhub_config.py is read too
# late). Requests from these networks count as one address while a user is logged out.
export JUPYTERHUB_XSRF_ANONYMOUS_IP_CIDRS="10.0.0.0/8;172.16.0.0/12;192.168.0.0/16"
jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
# --8<-- [end:cidrs]
