#!/bin/sh
# --8<-- [start:older-chart]
namespace=jhub
release=jhub
# The newest chart that still runs on Kubernetes 1.23 to 1.27 (kubeVersion >=1.23.0-0):
version=3.3.8
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:older-chart]

# --8<-- [start:backup-db]
namespace=jhub
# The hub's SQLite database (hub.db.type: sqlite-pvc, the default), copied to this machine:
kubectl --namespace "$namespace" exec deployment/hub -- \
  cat /srv/jupyterhub/jupyterhub.sqlite > "jupyterhub-$(date +%Y%m%d).sqlite"
ls -l jupyterhub-*.sqlite
# --8<-- [end:backup-db]

# --8<-- [start:compare]
namespace=jhub
release=jhub
version=4.4.0
kube_version=1.30.0
# What the release runs with now, rendered by the chart release you move to:
helm get values "$release" --namespace "$namespace" --output yaml > running-values.yaml
helm template "$release" jupyterhub/jupyterhub --version "$version" \
  --kube-version "$kube_version" --values running-values.yaml > /dev/null
# --8<-- [end:compare]

# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]
