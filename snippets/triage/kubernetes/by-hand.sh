#!/bin/sh
# A user's server, looked at from inside its pod, and run by hand in a copy of the pod.

# --8<-- [start:env]
# The environment KubeSpawner gave the server: the JUPYTERHUB_* variables, the limits,
# PATH and HOME. Its API tokens are shown as [hidden].
namespace=jhub
pod=jupyter-alice
kubectl exec "$pod" --namespace "$namespace" --container notebook -- env \
    | grep -E '^(JUPYTERHUB_|JPY_|MEM_|CPU_|PATH=|HOME=|NB_USER=)' \
    | sed -E 's/^((JUPYTERHUB|JPY)_API_TOKEN)=.*/\1=[hidden]/' | sort
# --8<-- [end:env]

# --8<-- [start:hub-from-pod]
# From inside the user's pod, so with its network policies and its DNS: the hub's API
# URL as the pod has it, the addresses its name resolves to, and the hub's answer
# ({"version": ...}, no token needed). Any failure is printed as the last line.
namespace=jhub
pod=jupyter-alice
kubectl exec -i "$pod" --namespace "$namespace" --container notebook -- python3 - <<'PY'
import os, socket, urllib.parse, urllib.request
url = os.environ["JUPYTERHUB_API_URL"]
host = urllib.parse.urlsplit(url).hostname
print("JUPYTERHUB_API_URL:", url)
try:
    print(host, "resolves to", sorted({a[4][0] for a in socket.getaddrinfo(host, None)}))
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(url + "/", timeout=10) as answer:
        print("HTTP", answer.status, answer.read().decode())
except Exception as e:
    print("failed:", type(e).__name__, e)
PY
# --8<-- [end:hub-from-pod]

# --8<-- [start:command]
# The command KubeSpawner gave the server's container (singleuser.cmd and the spawner's
# arguments); the image's entrypoint runs it.
namespace=jhub
pod=jupyter-alice
kubectl get pod "$pod" --namespace "$namespace" \
    --output 'jsonpath={.spec.containers[?(@.name=="notebook")].args}{"\n"}'
# --8<-- [end:command]

# --8<-- [start:copy]
# A copy of the user's pod named debug-<pod>, on the same node, with the same labels (so
# the same network policies), volumes and environment, whose notebook container runs a
# shell instead of the server. It stays when the hub deletes the original pod.
# --keep-labels needs kubectl 1.30 or newer.
namespace=jhub
pod=jupyter-alice
kubectl debug "$pod" --namespace "$namespace" --copy-to="debug-$pod" --container=notebook \
    --same-node --keep-labels --stdin --tty -- sh
# --8<-- [end:copy]

# --8<-- [start:run]
# In the copy's shell: the server as the pod would start it, at debug level, with the
# environment the hub gave the pod. Its last lines say why it stops. Ctrl-C stops it.
jupyterhub-singleuser --debug
# --8<-- [end:run]

# --8<-- [start:delete-copy]
# When you are done: delete the copy. copy: its name, debug- and the user pod's name
# (kubectl get pods lists it).
namespace=jhub
copy=debug-POD-NAME
kubectl delete pod "$copy" --namespace "$namespace"
# --8<-- [end:delete-copy]
