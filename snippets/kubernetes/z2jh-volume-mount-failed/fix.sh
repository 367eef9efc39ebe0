#!/bin/sh
# --8<-- [start:stale-pod]
namespace=jhub
pod=STALE-POD-NAME
# The other pod that "Used By" named: once it is gone, the disk detaches from its node.
kubectl delete pod "$pod" --namespace "$namespace" --wait=true
# --8<-- [end:stale-pod]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]
