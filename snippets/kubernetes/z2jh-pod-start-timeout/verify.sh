#!/bin/sh
# --8<-- [start:timeout]
namespace=jhub
release=jhub
helm get values "$release" --namespace "$namespace" --all --output yaml |
  grep -E "startTimeout|start_timeout"
# --8<-- [end:timeout]

# --8<-- [start:ready]
namespace=jhub
pod=jupyter-USERNAME
# Start the server again from the hub's page, then wait for the pod:
kubectl wait --namespace "$namespace" --for=condition=Ready "pod/$pod" --timeout=600s
# --8<-- [end:ready]
