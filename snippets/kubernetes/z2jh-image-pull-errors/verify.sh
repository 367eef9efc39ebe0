#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
pod=jupyter-USERNAME
# After the user starts their server again: Pulling, then Pulled, Created, Started.
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.kind=Pod,involvedObject.name=$pod" \
  --sort-by=.lastTimestamp
kubectl get pod "$pod" --namespace "$namespace"
# --8<-- [end:verify]
