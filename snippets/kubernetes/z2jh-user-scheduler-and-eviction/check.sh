#!/bin/sh
# --8<-- [start:pod]
namespace=jhub
user=USERNAME
# Which scheduler the user's pod waits for (<release>-user-scheduler: the chart's own),
# its phase, and its events (none at all while that scheduler is down):
kubectl --namespace "$namespace" get pod "jupyter-$user" --output \
  jsonpath='{.spec.schedulerName}{"\t"}{.status.phase}{"\n"}'
kubectl --namespace "$namespace" get events --field-selector "involvedObject.name=jupyter-$user"
# --8<-- [end:pod]

# --8<-- [start:scheduler]
namespace=jhub
# The user scheduler's pods: READY should be 1/1 for each (2/2 with a sidecar means one
# was injected), and their logs say why they do not schedule:
kubectl --namespace "$namespace" get pods --selector component=user-scheduler --output wide
kubectl --namespace "$namespace" logs --selector component=user-scheduler --prefix \
  --all-containers --tail=50 | grep -E '^\S+ E|forbidden|could not find the requested resource'
kubectl --namespace "$namespace" describe pods --selector component=user-scheduler
# --8<-- [end:scheduler]

# --8<-- [start:versions]
namespace=jhub
# The kube-scheduler release the chart runs, beside the cluster's release:
kubectl --namespace "$namespace" get deployment user-scheduler \
  --output jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl version
# --8<-- [end:versions]

# --8<-- [start:evicted]
namespace=jhub
# User pods the kubelet evicted, with its reason, and the namespace's eviction events:
kubectl --namespace "$namespace" get pods --field-selector status.phase=Failed \
  --output custom-columns='NAME:.metadata.name,REASON:.status.reason,MESSAGE:.status.message'
kubectl --namespace "$namespace" get events --field-selector reason=Evicted --sort-by .lastTimestamp
# Nodes under pressure now (MemoryPressure, DiskPressure True):
kubectl describe nodes | grep -E '^Name:|Pressure +True'
# --8<-- [end:evicted]

# --8<-- [start:hub-view]
namespace=jhub
# What KubeSpawner says when its view of the pods fell behind:
kubectl --namespace "$namespace" logs deployment/hub | grep -E 'restarting pod reflector|did not (start|disappear) in'
# --8<-- [end:hub-view]
