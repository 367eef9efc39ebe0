#!/bin/sh
# --8<-- [start:upgrade]
namespace=jhub
release=jhub
version=4.4.0
config=config.yaml
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub \
  --namespace "$namespace" --version "$version" --values "$config"
# --8<-- [end:upgrade]

# --8<-- [start:port-forward]
namespace=jhub
# Then open http://localhost:8080 on this machine; Ctrl-C ends it.
kubectl --namespace "$namespace" port-forward service/proxy-public 8080:http
# --8<-- [end:port-forward]
