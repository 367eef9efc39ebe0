#!/bin/sh
# --8<-- [start:compare]
namespace=jhub
release=jhub
version=4.4.0
# What the release runs with now, rendered by the chart release you move to:
helm get values "$release" --namespace "$namespace" --output yaml > running-values.yaml
helm template "$release" jupyterhub/jupyterhub --version "$version" \
  --values running-values.yaml > /dev/null
# --8<-- [end:compare]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]
