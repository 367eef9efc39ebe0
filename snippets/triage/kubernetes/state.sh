#!/bin/sh
# What the release is made of, and what the hub and the proxy hold.

# --8<-- [start:objects]
# Every pod (READY, STATUS, RESTARTS, node), volume claim (Bound or Pending) and service
# (proxy-public's EXTERNAL-IP) in the namespace.
namespace=jhub
kubectl get pods,pvc,svc --namespace "$namespace" --output wide
# --8<-- [end:objects]

# --8<-- [start:port-forward]
# Leave this running: port 8080 here goes to port 8000 of the proxy pod, where
# configurable-http-proxy takes the users' requests in plain HTTP (unless
# proxy.https.type is manual or secret). Ctrl-C ends it.
namespace=jhub
kubectl port-forward deploy/proxy 8080:8000 --namespace "$namespace"
# --8<-- [end:port-forward]

# --8<-- [start:api-version]
# In a second terminal: the hub's API, through the proxy. {"version": "..."} is the hub's
# JupyterHub release; no token needed. Add your hub.baseUrl before /hub if you set one.
hub=http://127.0.0.1:8080
curl -sS -w '\nHTTP %{http_code}\n' "$hub/hub/api/"
# --8<-- [end:api-version]

# --8<-- [start:token]
# A token of an admin user (listed in hub.config.Authenticator.admin_users), made in the
# hub pod by JupyterHub's own command with the chart's configuration file. That file
# prints lines of its own first: the token is the last line. Nothing is shown; the token
# is in the variable, for the commands below in this shell.
namespace=jhub
admin=your-admin-name
token=$(kubectl exec deploy/hub --namespace "$namespace" -- \
    jupyterhub token --config /usr/local/etc/jupyterhub/jupyterhub_config.py "$admin" | tail -n 1)
case "$token" in
    '' | *[!0-9a-f]*) echo "no token made: is $admin a user of the hub? (see the lines above)" >&2 ;;
    *) JUPYTERHUB_API_TOKEN=$token && export JUPYTERHUB_API_TOKEN ;;
esac
# --8<-- [end:token]

# --8<-- [start:user]
# What the hub knows of a user: each server with "ready", "pending" ("spawn", "stop"),
# its "url" and when it "started". HTTP 404: the hub has no such user.
hub=http://127.0.0.1:8080
name=alice
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name"
# The progress of the user's default server: the pod's events as KubeSpawner relays them
# while it starts, "ready" once it is up, "failed" with the error after a failed start.
curl -sS -N --max-time 60 -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/users/$name/server/progress"
# --8<-- [end:user]

# --8<-- [start:routes]
# The routing table, asked of configurable-http-proxy in its own pod, on its API port
# (8001), with the token the pod has from the chart's Secret. The image has curl and jq.
namespace=jhub
# shellcheck disable=SC2016  # $CONFIGPROXY_AUTH_TOKEN is the pod's: expanded there
kubectl exec deploy/proxy --namespace "$namespace" -- sh -c \
    'curl -sS -H "Authorization: token $CONFIGPROXY_AUTH_TOKEN" http://127.0.0.1:8001/api/routes | jq .'
# The same table as the hub reads it, through the port-forward, with the admin's token.
# HTTP 500: the hub cannot reach the proxy's API (the proxy-api service).
hub=http://127.0.0.1:8080
curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
    "$hub/hub/api/proxy"
# --8<-- [end:routes]

# --8<-- [start:versions]
# The hub's side: the chart release (CHART) and its JupyterHub (APP VERSION), then the
# packages of the hub's image as the hub pod has them.
namespace=jhub
helm list --namespace "$namespace"
kubectl exec deploy/hub --namespace "$namespace" -- pip list --format=freeze \
    | grep -i -E '^(jupyterhub|jupyterhub-kubespawner|[a-z-]*authenticator|sqlalchemy|tornado)=='
# The users' side: the releases in the user's image, read in a user's pod.
pod=jupyter-alice
kubectl exec -i "$pod" --namespace "$namespace" --container notebook -- python3 - <<'PY'
import importlib.metadata as md
for name in ("jupyterhub", "jupyter_server", "jupyterlab", "notebook"):
    try:
        print(name, md.version(name))
    except md.PackageNotFoundError:
        print(name, "not installed")
PY
# --8<-- [end:versions]
