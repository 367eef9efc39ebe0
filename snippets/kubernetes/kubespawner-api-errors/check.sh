#!/bin/sh
# --8<-- [start:hub-log]
namespace=jhub
# The hub's own lines about the Kubernetes API, with the four lines that follow each
# (the API server's answer is in "HTTP response body:"):
kubectl logs deploy/hub --namespace "$namespace" --since=1h |
  grep -E -A4 "Could not create|Unhandled error starting|is forbidden|An error occurred when calling Kubernetes API|Reflector with key|Initial list of"
# --8<-- [end:hub-log]

# --8<-- [start:can-i]
namespace=jhub
# The namespace KubeSpawner puts user pods in (the hub's own, unless
# hub.config.KubeSpawner.namespace says otherwise):
user_namespace=jhub
# The hub's ServiceAccount: the chart names it hub.
serviceaccount=hub
as="system:serviceaccount:$namespace:$serviceaccount"
# Each line answers yes or no. The chart's Role gives the hub all of these.
for verb in get list watch create delete; do
  printf '%s pods: ' "$verb"
  kubectl auth can-i "$verb" pods --namespace "$user_namespace" --as "$as"
  printf '%s persistentvolumeclaims: ' "$verb"
  kubectl auth can-i "$verb" persistentvolumeclaims --namespace "$user_namespace" --as "$as"
done
printf 'list events: '
kubectl auth can-i list events --namespace "$user_namespace" --as "$as"
# --8<-- [end:can-i]

# --8<-- [start:rbac]
namespace=jhub
# The Role, RoleBinding and ServiceAccount the chart made for the hub (rbac.create):
kubectl get role,rolebinding,serviceaccount --namespace "$namespace" --field-selector metadata.name=hub
kubectl describe rolebinding hub --namespace "$namespace"
# The ServiceAccount the hub pod really runs as:
kubectl get deployment hub --namespace "$namespace" --output jsonpath='{.spec.template.spec.serviceAccountName}{"\n"}'
# --8<-- [end:rbac]

# --8<-- [start:quota]
namespace=jhub
# Quotas: "Used" against "Hard" for each resource. A quota on limits.cpu or
# limits.memory also refuses any pod that does not set that limit.
kubectl describe resourcequota --namespace "$namespace"
# Defaults and maximums that a LimitRange puts on each pod:
kubectl describe limitrange --namespace "$namespace"
# --8<-- [end:quota]

# --8<-- [start:api]
namespace=jhub
# The hub's pod reaches the API server through the "kubernetes" Service; a NetworkPolicy
# that blocks the hub's egress to it makes every request time out.
kubectl get endpoints kubernetes --namespace default
kubectl get networkpolicy --namespace "$namespace"
# The API server's own health, from where you are:
kubectl get --raw '/readyz?verbose'
# --8<-- [end:api]
