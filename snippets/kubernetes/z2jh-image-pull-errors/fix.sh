#!/bin/sh
# --8<-- [start:secret]
namespace=jhub
secret=regcred
registry=registry.example.org
username=REGISTRY-USER
# The token or password comes from the environment, so it stays out of your shell history:
# export REGISTRY_TOKEN=... first.
kubectl create secret docker-registry "$secret" --namespace "$namespace" \
  --docker-server="$registry" --docker-username="$username" \
  --docker-password="$REGISTRY_TOKEN"
# --8<-- [end:secret]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]
