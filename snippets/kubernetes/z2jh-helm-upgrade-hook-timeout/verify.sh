#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
release=jhub
# The new revision is deployed, and the hook cleaned up after itself.
helm history "$release" --namespace "$namespace" --max 3
kubectl --namespace "$namespace" get daemonset,job --selector hub.jupyter.org/deletable=true
# With prePuller.continuous.enabled, this DaemonSet is READY on every user node:
kubectl --namespace "$namespace" get daemonset continuous-image-puller
# --8<-- [end:verify]
