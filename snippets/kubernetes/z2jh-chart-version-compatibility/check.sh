#!/bin/sh
# --8<-- [start:versions]
version=4.4.0
# The Kubernetes release of the cluster (Server Version) and of Helm itself:
kubectl version
helm version --short
# The Kubernetes releases the chart accepts (kubeVersion) and the JupyterHub it ships:
helm repo add jupyterhub https://hub.jupyter.org/helm-chart/
helm repo update jupyterhub
helm show chart jupyterhub/jupyterhub --version "$version" | grep -E '^(version|appVersion|kubeVersion):'
# --8<-- [end:versions]

# --8<-- [start:render]
version=4.4.0
kube_version=1.30.0
config=config.yaml
# Without a cluster, Helm assumes the Kubernetes release it was built with; say which
# release the cluster runs instead (Server Version above):
helm template jhub jupyterhub/jupyterhub --version "$version" --values "$config" \
  --kube-version "$kube_version" > /dev/null && echo "chart $version renders for Kubernetes $kube_version"
# --8<-- [end:render]

# --8<-- [start:hub-image]
namespace=jhub
release=jhub
# The chart release (CHART column, jupyterhub-<version>) and the hub image it runs:
helm list --namespace "$namespace" --filter "^${release}\$"
kubectl --namespace "$namespace" get deployment hub \
  --output jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
# The JupyterHub and KubeSpawner inside that image:
kubectl --namespace "$namespace" exec deployment/hub -- \
  python3 -m pip list 2>/dev/null | grep -E '^(jupyterhub|jupyterhub-kubespawner) '
# Any image pinned in your values (hub.image):
helm get values "$release" --namespace "$namespace" | grep -A 3 'image:'
# --8<-- [end:hub-image]

# --8<-- [start:hub-log]
namespace=jhub
kubectl --namespace "$namespace" logs deployment/hub | grep "Unhandled error starting"
# --8<-- [end:hub-log]
