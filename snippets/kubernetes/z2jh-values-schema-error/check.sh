#!/bin/sh
# --8<-- [start:running]
namespace=jhub
release=jhub
# The chart release it runs (CHART column, e.g. jupyterhub-4.4.0) and the values it got:
helm list --namespace "$namespace" --filter "^${release}\$"
helm get values "$release" --namespace "$namespace"
# --8<-- [end:running]

# --8<-- [start:render]
release=jhub
version=4.4.0
config=config.yaml
helm repo add jupyterhub https://hub.jupyter.org/helm-chart/
helm repo update jupyterhub
# Renders on this machine, without the cluster; exit status 0 means the chart takes the file.
helm template "$release" jupyterhub/jupyterhub --version "$version" \
  --values "$config" > /dev/null && echo "chart $version accepts $config"
# --8<-- [end:render]

# --8<-- [start:lint]
version=4.4.0
config=config.yaml
dir=$(mktemp -d)
helm pull jupyterhub/jupyterhub --version "$version" --untar --untardir "$dir"
helm lint "$dir/jupyterhub" --values "$config"
# --8<-- [end:lint]

# --8<-- [start:hub-log]
namespace=jhub
kubectl --namespace "$namespace" get pods --selector component=hub
kubectl --namespace "$namespace" logs deploy/hub | grep FATAL
# --8<-- [end:hub-log]
