#!/bin/sh
# --8<-- [start:service]
namespace=jhub
kubectl --namespace "$namespace" get service proxy-public
# The Events at the end name whatever tried (and failed) to give it an address:
kubectl --namespace "$namespace" describe service proxy-public
# --8<-- [end:service]

# --8<-- [start:provider]
# Empty, k3s://, kind:// or a bare host name: no cloud provider serves LoadBalancer Services.
kubectl get nodes --output custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID
# A load balancer add-on runs pods such as these (MetalLB, k3s ServiceLB, a cloud controller):
kubectl get pods --all-namespaces | grep -E 'metallb|svclb|cloud-controller|kube-vip' \
  || echo "no load balancer add-on found"
# --8<-- [end:provider]

# --8<-- [start:k3s]
# k3s ServiceLB: one svclb pod per node for proxy-public; Pending means a port is taken.
kubectl get pods --all-namespaces --selector svccontroller.k3s.cattle.io/svcname=proxy-public
# Which other LoadBalancer Service already holds port 80 or 443 (k3s's own traefik):
kubectl get services --all-namespaces | grep -E 'NAMESPACE|LoadBalancer'
# --8<-- [end:k3s]

# --8<-- [start:metallb]
# MetalLB 0.13 and newer: an address pool, and an advertisement that announces it.
kubectl get ipaddresspools.metallb.io,l2advertisements.metallb.io --all-namespaces
# --8<-- [end:metallb]
