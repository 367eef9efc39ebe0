#!/bin/sh
# --8<-- [start:rules]
namespace=jhub
# The egress rules the user pods get now; one of them allows port 53 to your DNS server.
kubectl --namespace "$namespace" get networkpolicy singleuser \
  --output jsonpath='{range .spec.egress[*]}{.ports}{" -> "}{.to}{"\n"}{end}'
# --8<-- [end:rules]
