#!/bin/sh
# --8<-- [start:nodeport]
namespace=jhub
port=30080
kubectl --namespace "$namespace" get service proxy-public
node_ip=$(kubectl get nodes --output jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')
# 200 means the proxy answered on the node's port and reached the hub:
curl --silent --output /dev/null --write-out '%{http_code}\n' "http://$node_ip:$port/hub/health"
# --8<-- [end:nodeport]

# --8<-- [start:ingress]
namespace=jhub
host=hub.example.org
# ADDRESS is filled in once the ingress controller has taken the Ingress:
kubectl --namespace "$namespace" get ingress jupyterhub
curl --silent --output /dev/null --write-out '%{http_code}\n' "http://$host/hub/health"
# --8<-- [end:ingress]
