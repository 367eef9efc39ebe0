#!/bin/sh
# --8<-- [start:pod]
namespace=jhub
user=USERNAME
# Pending user pods; the Events table at the end of describe says why the scheduler
# did not place this one (FailedScheduling) and, with an autoscaler, why no node came.
kubectl --namespace "$namespace" get pods --selector component=singleuser-server \
  --field-selector status.phase=Pending
kubectl --namespace "$namespace" describe pod "jupyter-$user"
# --8<-- [end:pod]

# --8<-- [start:events]
namespace=jhub
# The same messages for every pod of the namespace, newest last:
kubectl --namespace "$namespace" get events --field-selector reason=FailedScheduling \
  --sort-by .lastTimestamp
kubectl --namespace "$namespace" get events --field-selector reason=NotTriggerScaleUp \
  --sort-by .lastTimestamp
# --8<-- [end:events]

# --8<-- [start:asks]
namespace=jhub
user=USERNAME
# What the pod asks for: requests (the guarantees), node selector, tolerations, scheduler.
kubectl --namespace "$namespace" get pod "jupyter-$user" --output \
  jsonpath='{.spec.containers[0].resources}{"\n"}{.spec.nodeSelector}{"\n"}{.spec.affinity.nodeAffinity}{"\n"}{.spec.tolerations}{"\n"}{.spec.schedulerName}{"\n"}'
# --8<-- [end:asks]

# --8<-- [start:nodes]
# What each node offers: allocatable memory and CPU, taints, and labels.
kubectl get nodes --output \
  custom-columns='NAME:.metadata.name,CPU:.status.allocatable.cpu,MEMORY:.status.allocatable.memory,TAINTS:.spec.taints[*].key'
kubectl get nodes --show-labels
# How much of that is already promised to other pods (requests, not use):
kubectl describe nodes | grep -E -A 8 '^(Name|Taints|Allocatable|Allocated resources):'
# --8<-- [end:nodes]
