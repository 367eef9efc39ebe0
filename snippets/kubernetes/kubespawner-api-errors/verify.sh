#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
user_namespace=jhub
as="system:serviceaccount:$namespace:hub"
kubectl auth can-i create pods --namespace "$user_namespace" --as "$as"
kubectl auth can-i list pods --namespace "$user_namespace" --as "$as"
# After a user starts a server: the pod, and no API errors in the hub's log.
kubectl get pods --namespace "$user_namespace" --selector component=singleuser-server
kubectl logs deploy/hub --namespace "$namespace" --since=10m |
  grep -c -E "is forbidden|Could not create|An error occurred when calling Kubernetes API"
# --8<-- [end:verify]
