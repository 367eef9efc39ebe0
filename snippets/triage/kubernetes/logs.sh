#!/bin/sh
# The logs of a Zero to JupyterHub release, part by part. namespace: the one the chart was
# installed into (helm list --all-namespaces shows it). The names hub, proxy, autohttps
# and user-scheduler are the chart's with its default fullnameOverride ("").

# --8<-- [start:hub]
# The hub pod (container "hub"): JupyterHub, KubeSpawner and the authenticator.
namespace=jhub
kubectl logs deploy/hub --namespace "$namespace" --tail=200
# --8<-- [end:hub]

# --8<-- [start:hub-previous]
# After the hub restarted (RESTARTS above 0, CrashLoopBackOff): the container that ran
# before, whose last lines say why it stopped. "previous terminated container ... not
# found" means the hub pod's container has not restarted.
namespace=jhub
kubectl logs deploy/hub --namespace "$namespace" --previous --tail=200
# --8<-- [end:hub-previous]

# --8<-- [start:hub-spawns]
# The hub's lines about starting and stopping servers, for every user: the pod KubeSpawner
# creates and deletes, the errors of failed starts, the starts that worked.
namespace=jhub
kubectl logs deploy/hub --namespace "$namespace" --since=2h \
    | grep -E 'Attempting to create pod|Deleting pod|Unhandled error starting|Previous spawn for|did not start in|seconds to start'
# --8<-- [end:hub-spawns]

# --8<-- [start:others]
# The proxy pod (container "chp"): configurable-http-proxy, with the routes the hub adds
# and removes, and each request it could not forward (503 GET /user/...).
namespace=jhub
kubectl logs deploy/proxy --namespace "$namespace" --tail=200
# Only with proxy.https.enabled, proxy.https.hosts and type letsencrypt: Traefik, which
# gets and serves the certificate, and secret-sync, which keeps it in a Secret.
kubectl logs deploy/autohttps --namespace "$namespace" --container traefik --tail=200
kubectl logs deploy/autohttps --namespace "$namespace" --container secret-sync --tail=50
# With scheduling.userScheduler.enabled (the default): the scheduler of the user pods.
kubectl get pods --namespace "$namespace" --selector component=user-scheduler
kubectl logs deploy/user-scheduler --namespace "$namespace" --tail=100
# --8<-- [end:others]

# --8<-- [start:user-pods]
# The user pods that exist now, with the user and server names KubeSpawner wrote on each
# (annotations, unescaped; <none> is the default server), the phase and the node.
namespace=jhub
kubectl get pods --namespace "$namespace" --selector component=singleuser-server \
    --output 'custom-columns=POD:.metadata.name,USER:.metadata.annotations.hub\.jupyter\.org/username,SERVER:.metadata.annotations.hub\.jupyter\.org/servername,PHASE:.status.phase,NODE:.spec.nodeName'
# --8<-- [end:user-pods]

# --8<-- [start:user-log]
# One user's server (container "notebook"). The second command shows the run before the
# last restart, and fails with "not found" when there was none.
namespace=jhub
pod=jupyter-alice
kubectl logs "$pod" --namespace "$namespace" --container notebook --tail=200
kubectl logs "$pod" --namespace "$namespace" --container notebook --previous --tail=200
# --8<-- [end:user-log]

# --8<-- [start:events]
# A pod that never ran has no log, only events: the scheduler's and the kubelet's (image
# pulls, volume mounts), oldest first. describe needs the pod to exist; the events stay
# about an hour after the hub deleted it.
namespace=jhub
pod=jupyter-alice
kubectl describe pod "$pod" --namespace "$namespace"
kubectl get events --namespace "$namespace" --field-selector "involvedObject.name=$pod" \
    --sort-by=.lastTimestamp
# Every event of the namespace, newest last: the hub's and proxy's pods, the volume
# claims, the image pullers, the user pods.
kubectl get events --namespace "$namespace" --sort-by=.lastTimestamp
# --8<-- [end:events]
