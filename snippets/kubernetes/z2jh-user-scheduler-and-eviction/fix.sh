#!/bin/sh
# --8<-- [start:restart-scheduler]
namespace=jhub
# New user-scheduler pods (after changing its values, or when its lease holder hung):
kubectl --namespace "$namespace" rollout restart deployment/user-scheduler
kubectl --namespace "$namespace" rollout status deployment/user-scheduler --timeout=180s
# --8<-- [end:restart-scheduler]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:delete-pod]
namespace=jhub
user=USERNAME
# A pending pod keeps the scheduler it was made with, and an evicted pod stays until it is
# deleted: delete it, then the user starts the server again from the hub's home page.
kubectl --namespace "$namespace" delete pod "jupyter-$user"
# --8<-- [end:delete-pod]

# --8<-- [start:delete-evicted]
namespace=jhub
# Every user pod that ended (evicted ones included); the hub sees them gone at its next poll.
kubectl --namespace "$namespace" get pods --selector component=singleuser-server \
  --field-selector status.phase=Failed
kubectl --namespace "$namespace" delete pods --selector component=singleuser-server \
  --field-selector status.phase=Failed
# --8<-- [end:delete-evicted]

# --8<-- [start:restart-hub]
namespace=jhub
# Last resort: a new hub pod lists the pods afresh. Running servers keep running.
kubectl --namespace "$namespace" rollout restart deployment/hub
kubectl --namespace "$namespace" rollout status deployment/hub --timeout=300s
# --8<-- [end:restart-hub]
