#!/bin/sh
# --8<-- [start:pods]
namespace=jhub
# STATUS ErrImagePull, then ImagePullBackOff, while a user waits:
kubectl get pods --namespace "$namespace" --selector component=singleuser-server
# --8<-- [end:pods]

# --8<-- [start:events]
namespace=jhub
pod=jupyter-USERNAME
# The pull's events, oldest first; they stay about an hour after the pod is gone.
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.kind=Pod,involvedObject.name=$pod" \
  --sort-by=.lastTimestamp
# --8<-- [end:events]

# --8<-- [start:spec]
namespace=jhub
pod=jupyter-USERNAME
# The exact image the pod asks for, and the pull secrets it was given:
kubectl get pod "$pod" --namespace "$namespace" \
  --output jsonpath='{range .spec.initContainers[*]}{.image}{"\n"}{end}{range .spec.containers[*]}{.image}{"\n"}{end}{.spec.imagePullSecrets}{"\n"}'
# --8<-- [end:spec]

# --8<-- [start:secret]
namespace=jhub
secret=regcred
# The Secret must exist in the hub's namespace, be of type kubernetes.io/dockerconfigjson,
# and name the registry host exactly as the image does (this prints hosts, not passwords):
kubectl get secret "$secret" --namespace "$namespace" --output jsonpath='{.type}{"\n"}'
kubectl get secret "$secret" --namespace "$namespace" \
  --output jsonpath='{.data.\.dockerconfigjson}' | base64 -d | jq -r '.auths | keys[]'
# --8<-- [end:secret]

# --8<-- [start:tag]
image=registry.example.org/data-team/notebook:2026-11
# From your own machine, logged in to the registry: does this name and tag exist?
docker manifest inspect "$image" > /dev/null && echo "$image exists"
# --8<-- [end:tag]

# --8<-- [start:pullers]
namespace=jhub
# The chart's image pullers pull the same images on every node; stuck ones show here:
kubectl get pods --namespace "$namespace" --selector 'component in (hook-image-puller,continuous-image-puller)'
# --8<-- [end:pullers]
