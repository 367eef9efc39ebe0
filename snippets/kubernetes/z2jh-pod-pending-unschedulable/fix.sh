#!/bin/sh
# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:label]
node=NODE-NAME
# Give a node the label your nodeSelector asks for (here: the chart's user-node label).
kubectl label nodes "$node" hub.jupyter.org/node-purpose=user
# --8<-- [end:label]
