#!/bin/sh
# --8<-- [start:pods]
namespace=jhub
# User pods that exist now, with their STATUS and the node they run on:
kubectl get pods --namespace "$namespace" --selector component=singleuser-server --output wide
# --8<-- [end:pods]

# --8<-- [start:events]
namespace=jhub
pod=jupyter-USERNAME
# The pod's events, oldest first. They stay about an hour after the hub deleted the pod.
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.kind=Pod,involvedObject.name=$pod" \
  --sort-by=.lastTimestamp
# While the pod still exists: its state, each container's reason, and the same events.
kubectl describe pod "$pod" --namespace "$namespace"
# --8<-- [end:events]

# --8<-- [start:pvc-events]
namespace=jhub
pvc=claim-USERNAME
# A home volume that is not Bound keeps the pod Pending:
kubectl get pvc "$pvc" --namespace "$namespace"
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.kind=PersistentVolumeClaim,involvedObject.name=$pvc"
# --8<-- [end:pvc-events]

# --8<-- [start:hub-log]
namespace=jhub
kubectl logs deploy/hub --namespace "$namespace" --since=1h |
  grep -E "did not start in|never showed up in reflector|failed to start in"
# --8<-- [end:hub-log]

# --8<-- [start:timeout]
namespace=jhub
release=jhub
# The timeout the release runs with (the chart's default, 300, unless set):
helm get values "$release" --namespace "$namespace" --all --output yaml |
  grep -E "startTimeout|start_timeout"
# --8<-- [end:timeout]

# --8<-- [start:user-scheduler]
namespace=jhub
# With scheduling.userScheduler.enabled (the default), user pods wait for these pods:
kubectl get pods --namespace "$namespace" --selector component=user-scheduler
kubectl logs deploy/user-scheduler --namespace "$namespace" --tail=50
# --8<-- [end:user-scheduler]
