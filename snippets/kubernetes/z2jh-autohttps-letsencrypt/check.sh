#!/bin/sh
# --8<-- [start:pod]
namespace=jhub
# No autohttps pod at all means the chart did not enable it (hosts empty, or another type):
kubectl get pods --namespace "$namespace" --selector component=autohttps
kubectl get service proxy-public --namespace "$namespace"
# --8<-- [end:pod]

# --8<-- [start:logs]
namespace=jhub
# Traefik's errors about the certificate (it logs warnings and errors only):
kubectl logs deploy/autohttps --namespace "$namespace" --container traefik --tail=100
# The helper that keeps the certificate in a Secret:
kubectl logs deploy/autohttps --namespace "$namespace" --container secret-sync --tail=20
# --8<-- [end:logs]

# --8<-- [start:dns]
namespace=jhub
host=hub.example.org
# The two addresses must be the same; EXTERNAL-IP <pending> means no load balancer yet.
kubectl get service proxy-public --namespace "$namespace" \
  --output jsonpath='{.status.loadBalancer.ingress[*].ip}{.status.loadBalancer.ingress[*].hostname}{"\n"}'
dig +short "$host" @1.1.1.1
# --8<-- [end:dns]

# --8<-- [start:challenge]
host=hub.example.org
# From outside the cluster and your network (a phone, a cloud shell): Let's Encrypt asks
# here on port 80. A 404 from Traefik is the right answer for a made-up token; a timeout
# or a JupyterHub page means the request does not reach the autohttps pod.
curl -sS -o /dev/null -w '%{http_code}\n' --max-time 10 \
  "http://$host/.well-known/acme-challenge/test"
# --8<-- [end:challenge]

# --8<-- [start:cert]
host=hub.example.org
# The certificate the hub sends now: TRAEFIK DEFAULT CERT, or Let's Encrypt's issuer.
echo | openssl s_client -connect "$host:443" -servername "$host" 2>/dev/null |
  openssl x509 -noout -subject -issuer -enddate
# --8<-- [end:cert]
