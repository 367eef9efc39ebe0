#!/bin/sh
# --8<-- [start:user-log]
namespace=jhub
user=USERNAME
# The user's server log; --previous shows the run before the last restart.
kubectl --namespace "$namespace" logs "jupyter-$user" --previous \
  | grep -E 'Failed to connect to my Hub|name resolution|DNS servers'
# --8<-- [end:user-log]

# --8<-- [start:policies]
namespace=jhub
# Every NetworkPolicy of the namespace, then the rules of the user pods' one.
kubectl --namespace "$namespace" get networkpolicy
kubectl --namespace "$namespace" describe networkpolicy singleuser
# --8<-- [end:policies]

# --8<-- [start:probe]
namespace=jhub
release=jhub
# A throwaway pod with the user pods' labels, so the same policies apply to it.
# It prints the DNS server pods use, then asks it for the hub, then calls the hub.
kubectl --namespace "$namespace" run netpol-probe --rm --stdin --restart=Never \
  --image=busybox:1.36 \
  --labels="component=singleuser-server,app=jupyterhub,release=$release,hub.jupyter.org/network-access-hub=true" \
  -- sh -c 'cat /etc/resolv.conf; nslookup hub; wget -q -O - -T 5 http://hub:8081/hub/api'
# --8<-- [end:probe]

# --8<-- [start:dns-server]
# Where the cluster's DNS answers: the kube-dns Service and its pods, and whether a
# NodeLocal DNSCache DaemonSet answers on every node instead (169.254.20.10 by default).
kubectl --namespace kube-system get service kube-dns
kubectl --namespace kube-system get pods --selector k8s-app=kube-dns --output wide
kubectl --namespace kube-system get daemonset node-local-dns
# Which network plugin enforces the policies (Cilium, Calico...):
kubectl --namespace kube-system get daemonsets
# --8<-- [end:dns-server]
