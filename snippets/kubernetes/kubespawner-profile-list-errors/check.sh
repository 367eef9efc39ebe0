#!/bin/sh
# --8<-- [start:hub-log]
namespace=jhub
kubectl logs deploy/hub --namespace "$namespace" --since=1h |
  grep -E "No such profile|has no attribute|trait of a KubeSpawner instance|not a valid memory specification|unlisted_choice|default choice|KeyError: 'display_name'|profile_lists are configured|unrecognized form data|KubeSpawner override|overriding KubeSpawner value"
# --8<-- [end:hub-log]

# --8<-- [start:overrides]
namespace=jhub
# Every kubespawner_override key of the profile list the hub runs with, checked against
# the settings of the KubeSpawner installed in the hub's image:
kubectl exec deploy/hub --namespace "$namespace" -- python3 -c '
import sys
sys.path.insert(0, "/usr/local/etc/jupyterhub")
from z2jh import get_config
from kubespawner import KubeSpawner
traits = KubeSpawner.class_traits(config=True)
profiles = get_config("hub.config.KubeSpawner.profile_list") or get_config("singleuser.profileList") or []
for profile in profiles:
    overrides = [profile.get("kubespawner_override") or {}]
    for option in (profile.get("profile_options") or {}).values():
        overrides += [(c or {}).get("kubespawner_override") or {} for c in (option.get("choices") or {}).values()]
        overrides.append((option.get("unlisted_choice") or {}).get("kubespawner_override") or {})
    for override in overrides:
        for key in override:
            print(profile.get("slug", profile.get("display_name")), key, "ok" if key in traits else "NOT A KUBESPAWNER SETTING")
'
# --8<-- [end:overrides]

# --8<-- [start:pod]
namespace=jhub
pod=jupyter-USERNAME
# What the running pod got: its image, and the memory and CPU limits of its containers.
kubectl get pod "$pod" --namespace "$namespace" \
  --output jsonpath='{range .spec.containers[*]}{.name}{"\t"}{.image}{"\t"}{.resources}{"\n"}{end}'
# --8<-- [end:pod]
