#!/bin/sh
# --8<-- [start:classes]
# The default class has "(default)" after its name; none listed, or none marked, is this problem.
kubectl get storageclass
# --8<-- [end:classes]

# --8<-- [start:claims]
namespace=jhub
# STATUS Pending and an empty STORAGECLASS column: the claim waits for a default class.
kubectl get pvc --namespace "$namespace"
# The Events at the end of each claim say why it is not bound.
kubectl describe pvc --namespace "$namespace"
# --8<-- [end:claims]

# --8<-- [start:pods]
namespace=jhub
kubectl get pods --namespace "$namespace" --field-selector status.phase=Pending
kubectl get events --namespace "$namespace" --field-selector reason=FailedScheduling
# --8<-- [end:pods]
