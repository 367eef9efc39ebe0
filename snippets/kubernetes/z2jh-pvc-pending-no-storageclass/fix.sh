#!/bin/sh
# --8<-- [start:default-class]
# A class from `kubectl get storageclass`, whose provisioner runs on this cluster:
class=STORAGE-CLASS
kubectl patch storageclass "$class" \
  -p '{"metadata": {"annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}}'
# --8<-- [end:default-class]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:delete-pending-claim]
namespace=jhub
# A claim from `kubectl get pvc` that is still Pending (hub-db-dir, claim-<user>):
claim=CLAIM-NAME
# Deletes it only while it is Pending: a Pending claim never held any data. A pod that
# was never scheduled does not hold it, so the claim goes at once.
phase=$(kubectl get pvc "$claim" --namespace "$namespace" -o jsonpath='{.status.phase}')
if [ "$phase" = Pending ]; then
  kubectl delete pvc "$claim" --namespace "$namespace"
else
  echo "claim $claim is '$phase', not Pending: left alone" >&2
fi
# --8<-- [end:delete-pending-claim]
