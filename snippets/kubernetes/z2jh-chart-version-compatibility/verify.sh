#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
release=jhub
helm history "$release" --namespace "$namespace" --max 3
kubectl --namespace "$namespace" rollout status deployment/hub --timeout=300s
kubectl --namespace "$namespace" get deployment hub \
  --output jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl --namespace "$namespace" exec deployment/hub -- \
  python3 -m pip list 2>/dev/null | grep -E '^(jupyterhub|jupyterhub-kubespawner) '
# --8<-- [end:verify]
