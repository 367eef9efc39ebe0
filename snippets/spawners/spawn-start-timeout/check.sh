#!/bin/sh
# --8<-- [start:steps]
# One user's spawn in the hub's log, step by step, each with its time: the last step
# before "is slow to start" and "failed to start" is the slow one. For a hub run by
# systemd, read the same lines with journalctl -u jupyterhub instead of docker logs.
user=alice
# Their container is jupyter-<name>; with DockerSpawner's default names, the user's name.
name=alice
hub=jupyterhub
docker logs "$hub" 2>&1 |
  grep -E "pulling|(Created|Starting|Found existing) container jupyter-$name |User $user is slow to start|User $user took|$user's server failed to start"
# --8<-- [end:steps]

# --8<-- [start:pod]
# With KubeSpawner: the events of the user's pod, oldest first (scheduling, volume
# attach, image pull). Kubernetes keeps them for a while (an hour by default) after
# the hub has deleted the pod.
name=alice
namespace=jhub
kubectl get events --namespace "$namespace" \
  --field-selector "involvedObject.name=jupyter-$name" --sort-by=.lastTimestamp
# --8<-- [end:pod]
