#!/bin/sh
# Container command of every hub the harness starts (copied in before the first start).
# Runs the one-shot pre-start script a test queued (port squatters, a stray proxy, removing
# the database), then becomes the hub itself, so the hub is PID 1 as in a real deployment.
if [ -f /opt/harness/prestart.sh ]; then
    mv /opt/harness/prestart.sh /opt/harness/prestart.running.sh
    sh -e /opt/harness/prestart.running.sh || echo "[harness] pre-start script failed: $?" >&2
    rm -f /opt/harness/prestart.running.sh
fi
exec "$@"
