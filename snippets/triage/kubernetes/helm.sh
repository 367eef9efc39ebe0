#!/bin/sh
# Helm's view of the release: what it deployed, with which values, and the way back.

# --8<-- [start:status]
# The releases in the namespace (CHART: the chart's release; APP VERSION: its JupyterHub),
# then the last operation on yours: STATUS deployed, failed, or pending-upgrade (an
# upgrade that is still running or was interrupted), followed by the chart's notes.
namespace=jhub
release=jhub
helm list --namespace "$namespace"
helm status "$release" --namespace "$namespace"
# --8<-- [end:status]

# --8<-- [start:values]
# The values you gave (your config.yaml as Helm keeps it), then every value the release
# runs with, the chart's defaults included. Both hold your secrets: do not post them.
namespace=jhub
release=jhub
helm get values "$release" --namespace "$namespace"
helm get values "$release" --namespace "$namespace" --all > all-values.yaml
# --8<-- [end:values]

# --8<-- [start:history]
# Each revision: when, its STATUS, the chart release and the DESCRIPTION (Upgrade
# complete, or the error of an upgrade that failed).
namespace=jhub
release=jhub
helm history "$release" --namespace "$namespace" --max 10
# --8<-- [end:history]

# --8<-- [start:diff]
# What you changed in your values between two revisions (numbers from helm history).
namespace=jhub
release=jhub
before=1
after=2
old=$(mktemp)
new=$(mktemp)
helm get values "$release" --namespace "$namespace" --revision "$before" > "$old"
helm get values "$release" --namespace "$namespace" --revision "$after" > "$new"
diff -u "$old" "$new"
rm -f "$old" "$new"
# --8<-- [end:diff]

# --8<-- [start:upgrade-debug]
# Your config.yaml with a debug file over it (Helm merges them, the last one winning),
# and the chart release the release runs now (CHART in helm list), so that nothing else
# changes. Run it again without the second --values to turn debug logging off.
namespace=jhub
release=jhub
version=4.4.0
helm upgrade --cleanup-on-fail "$release" jupyterhub/jupyterhub --namespace "$namespace" \
    --version "$version" --values config.yaml --values debug.yaml
# --8<-- [end:upgrade-debug]

# --8<-- [start:rollback]
# Back to an earlier revision's chart release and values, applied as a new revision.
# release and revision: from helm list and helm history; the command refuses to run
# while revision is still the placeholder.
namespace=jhub
release=RELEASE-NAME
revision=REVISION
case "$revision" in
    '' | *[!0-9]*) echo "revision must be a number from helm history, not '$revision'" >&2 ;;
    *) helm rollback "$release" "$revision" --namespace "$namespace" ;;
esac
# --8<-- [end:rollback]
