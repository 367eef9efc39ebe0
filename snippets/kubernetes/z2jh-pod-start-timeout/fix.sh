#!/bin/sh
# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:restart-hub]
namespace=jhub
# A new hub pod starts a new watch of the user pods:
kubectl rollout restart deployment/hub --namespace "$namespace"
kubectl rollout status deployment/hub --namespace "$namespace" --timeout=300s
# --8<-- [end:restart-hub]
