#!/bin/sh
# --8<-- [start:events]
namespace=jhub
pod=jupyter-USERNAME
# FailedAttachVolume (Multi-Attach) and FailedMount events, oldest first:
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.kind=Pod,involvedObject.name=$pod" \
  --sort-by=.lastTimestamp
# --8<-- [end:events]

# --8<-- [start:used-by]
namespace=jhub
pvc=claim-USERNAME
# "Used By:" lists every pod that mounts the claim; more than one is the Multi-Attach case.
kubectl describe pvc "$pvc" --namespace "$namespace"
pv=$(kubectl get pvc "$pvc" --namespace "$namespace" --output jsonpath='{.spec.volumeName}')
# The node the disk is attached to now (ATTACHED true), against the node of the new pod:
kubectl get volumeattachment --output wide | grep -e NAME -e "$pv"
kubectl get pods --namespace "$namespace" --output wide --selector component=singleuser-server
# --8<-- [end:used-by]

# --8<-- [start:nfs]
namespace=jhub
pvc=home-nfs
# The server and export path the claim points to, and whether it is Bound:
kubectl get pvc "$pvc" --namespace "$namespace"
pv=$(kubectl get pvc "$pvc" --namespace "$namespace" --output jsonpath='{.spec.volumeName}')
kubectl get pv "$pv" --output jsonpath='{.spec.nfs}{.spec.csi}{"\n"}{.spec.mountOptions}{"\n"}'
# --8<-- [end:nfs]

# --8<-- [start:owner]
namespace=jhub
pod=jupyter-USERNAME
# The uid the server runs as and the fsGroup the pod asks for:
kubectl get pod "$pod" --namespace "$namespace" \
  --output jsonpath='{.spec.securityContext}{"\n"}{.spec.containers[0].securityContext}{"\n"}'
# The server's last lines; PermissionError ... /home/jovyan/.local means a wrong owner:
kubectl logs "$pod" --namespace "$namespace" --tail=20
# --8<-- [end:owner]
