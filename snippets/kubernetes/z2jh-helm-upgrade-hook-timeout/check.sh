#!/bin/sh
# --8<-- [start:history]
namespace=jhub
release=jhub
# The failed revision and its reason (DESCRIPTION column):
helm history "$release" --namespace "$namespace" --max 5
# --8<-- [end:history]

# --8<-- [start:hooks]
namespace=jhub
# The hook's DaemonSet (DESIRED, CURRENT, READY per node) and Job, while helm upgrade
# waits or just after it gave up:
kubectl --namespace "$namespace" get daemonset,job --selector hub.jupyter.org/deletable=true
kubectl --namespace "$namespace" get pods --output wide | grep -E '^NAME|hook-image'
# What the awaiter last saw, and the Job's events (FailedCreate: its pod was refused):
kubectl --namespace "$namespace" logs job/hook-image-awaiter --tail 5
kubectl --namespace "$namespace" describe job hook-image-awaiter | tail -n 15
# --8<-- [end:hooks]

# --8<-- [start:puller-pod]
namespace=jhub
pod=POD-NAME
# One hook-image-puller pod that is not Running: which image it waits for, and why.
kubectl --namespace "$namespace" get pod "$pod" --output \
  jsonpath='{range .status.initContainerStatuses[*]}{.name}{"\t"}{.image}{"\t"}{.state}{"\n"}{end}'
kubectl --namespace "$namespace" describe pod "$pod" | tail -n 20
# --8<-- [end:puller-pod]
