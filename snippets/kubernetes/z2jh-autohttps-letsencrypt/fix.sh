#!/bin/sh
# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:retry]
namespace=jhub
# Traefik asks again when it starts: a new autohttps pod, once DNS and port 80 are right.
kubectl rollout restart deployment/autohttps --namespace "$namespace"
kubectl rollout status deployment/autohttps --namespace "$namespace" --timeout=120s
# --8<-- [end:retry]
