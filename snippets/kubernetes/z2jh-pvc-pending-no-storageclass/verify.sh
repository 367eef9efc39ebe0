#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
kubectl wait pvc/hub-db-dir --namespace "$namespace" \
  --for=jsonpath='{.status.phase}'=Bound --timeout=120s
kubectl rollout status deployment/hub --namespace "$namespace" --timeout=300s
kubectl get pvc --namespace "$namespace"
# --8<-- [end:verify]
