#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
pod=jupyter-USERNAME
# After the user stopped and started the server again with the profile:
kubectl get pod "$pod" --namespace "$namespace" \
  --output jsonpath='{range .spec.containers[*]}{.name}{"\t"}{.image}{"\t"}{.resources}{"\n"}{end}'
kubectl logs deploy/hub --namespace "$namespace" --since=10m |
  grep -c -E "No such profile|has no attribute|trait of a KubeSpawner instance|not a valid memory specification|unlisted_choice|default choice"
# --8<-- [end:verify]
