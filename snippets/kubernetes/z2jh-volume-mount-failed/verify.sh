#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
pod=jupyter-USERNAME
kubectl get pod "$pod" --namespace "$namespace" --output wide
# Inside the running server: its uid, the owner of the home, and whether it may write there.
kubectl exec "$pod" --namespace "$namespace" -- \
  sh -c 'id; ls -ldn ~; test -w ~ && echo writable'
# --8<-- [end:verify]
