#!/bin/sh
# --8<-- [start:verify]
namespace=jhub
host=hub.example.org
# The certificate is now Let's Encrypt's, for your host name:
echo | openssl s_client -connect "$host:443" -servername "$host" 2>/dev/null |
  openssl x509 -noout -subject -issuer -enddate
# It is kept in this Secret, so a new autohttps pod does not ask again:
kubectl get secret proxy-public-tls-acme --namespace "$namespace"
curl -sS -o /dev/null -w '%{http_code} %{url_effective}\n' "https://$host/hub/login"
# --8<-- [end:verify]
