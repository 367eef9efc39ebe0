#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
user=USERNAME
# After the user starts the server again: the user scheduler's pods are ready, and the
# pod was placed (a Scheduled event from <release>-user-scheduler, or default-scheduler).
kubectl --namespace "$namespace" get pods --selector component=user-scheduler
kubectl --namespace "$namespace" get pod "jupyter-$user" --output wide
kubectl --namespace "$namespace" get events \
  --field-selector "involvedObject.name=jupyter-$user,reason=Scheduled"
# --8<-- [end:verify]
