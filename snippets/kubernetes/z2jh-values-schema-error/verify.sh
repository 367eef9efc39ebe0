#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
release=jhub
helm history "$release" --namespace "$namespace" --max 3
kubectl --namespace "$namespace" rollout status deployment/hub --timeout=300s
helm get values "$release" --namespace "$namespace"
# --8<-- [end:verify]
