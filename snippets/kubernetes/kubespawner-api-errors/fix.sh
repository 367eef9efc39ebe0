#!/bin/sh
# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:quota]
namespace=jhub
# The quota's name and the new hard limits, from kubectl describe resourcequota:
quota=QUOTA-NAME
pods=PODS-LIMIT
memory=MEMORY-LIMIT
kubectl patch resourcequota "$quota" --namespace "$namespace" --type merge \
  --patch "{\"spec\":{\"hard\":{\"pods\":\"$pods\",\"limits.memory\":\"$memory\"}}}"
# --8<-- [end:quota]

# --8<-- [start:restart-hub]
namespace=jhub
# A new hub pod lists and watches the user pods afresh:
kubectl rollout restart deployment/hub --namespace "$namespace"
kubectl rollout status deployment/hub --namespace "$namespace" --timeout=300s
# --8<-- [end:restart-hub]
