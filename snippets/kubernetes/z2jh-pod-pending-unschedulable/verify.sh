#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
user=USERNAME
# After the user starts their server again: the pod runs, and its events end with Scheduled.
kubectl --namespace "$namespace" get pod "jupyter-$user" --output wide
kubectl --namespace "$namespace" get events \
  --field-selector "involvedObject.name=jupyter-$user,reason=Scheduled"
# --8<-- [end:verify]

# --8<-- [start:placeholders]
namespace=jhub
# With placeholders: they run (or wait Pending while a new node comes up).
kubectl --namespace "$namespace" get pods --selector component=user-placeholder --output wide
# --8<-- [end:placeholders]
