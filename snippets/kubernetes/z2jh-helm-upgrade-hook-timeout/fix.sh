#!/bin/sh
# --8<-- [start:cleanup]
namespace=NAMESPACE
release=RELEASE
# Only the pre-upgrade hook's objects carry this label: its DaemonSet, Job,
# ServiceAccounts, Role and RoleBinding. Helm makes them again on the next upgrade.
kubectl --namespace "$namespace" delete daemonset,job,serviceaccount,role,rolebinding \
  --selector "hub.jupyter.org/deletable=true,release=$release"
# --8<-- [end:cleanup]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
# --timeout covers the hook too: give a new image time to reach every node.
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config" --timeout 10m0s
# --8<-- [end:upgrade]
