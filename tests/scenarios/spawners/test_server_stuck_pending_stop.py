"""spawners/server-stuck-pending-stop: a server the hub cannot stop stays "pending stop"
and cannot be started again; the page's ways out (kill it, restart the hub, shorter
timeouts) each let the user start it again.

The server ignores SIGINT and SIGTERM (test-only config: it stands in for a server that
does not exit when the hub signals it), under LocalProcessSpawner with the release's own
timeouts: the stop takes up to 65 s on JupyterHub 6, 20 s before.
"""

from __future__ import annotations

import time

import pytest
from packaging.version import Version

from tests.hub.config import SINGLEUSER_LOG_DIR, scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "server-stuck-pending-stop"
FIX = fragment(f"spawners/{ENTRY}/fix.py")
CHECK_SH = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"

# jupyterhub-singleuser with SIGINT and SIGTERM ignored, also after the server would have
# installed its own handlers; "jupyterhub-singleuser" stays in its command line.
DEAF = """import signal, sys
for _s in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_s, signal.SIG_IGN)
_signal = signal.signal
signal.signal = lambda s, h: None if s in (signal.SIGINT, signal.SIGTERM) else _signal(s, h)
sys.argv = sys.argv[1:]
from jupyterhub.singleuser import main
sys.exit(main())
"""


def deaf_server(tmp_path):
    """Test-only config: each server ignores the hub's SIGINT and SIGTERM (its output
    still in the harness's per-user log file)."""
    log = f'exec "$@" >>"{SINGLEUSER_LOG_DIR}/$JUPYTERHUB_USER.log" 2>&1'
    text = (
        "import sys\n"
        f"c.Spawner.cmd = ['/bin/sh', '-c', {log!r}, 'sh', sys.executable, '-c', {DEAF!r},"
        " 'jupyterhub-singleuser']\n"
    )
    return scratch_fragment(tmp_path, "deaf-server", text)


def stop(hub, user: str) -> int:
    """What Stop My Server sends; the hub answers after at most slow_stop_timeout (10 s)."""
    return hub.api("DELETE", f"users/{user}/server", timeout=40).status_code


def wait_stopped(hub, user: str, timeout: float) -> float:
    t0 = time.monotonic()
    wait_until(
        lambda: not (hub.user_model(user) or {}).get("servers"),
        f"{user}'s server stopped",
        timeout=timeout,
    )
    return time.monotonic() - t0


@pytest.mark.reproduces(
    "server-stuck-pending-stop",
    "slow-to-stop",
    "pending-stop-400",
    "pending-stop",
    "stopping-page",
    "start-again-later",
    "pending-json",
    "delete-user-400",
)
def test_server_stuck_pending_stop(hub_factory, symptoms, tmp_path):
    deaf = deaf_server(tmp_path)
    hub = hub_factory([deaf]).start()
    token = {"JUPYTERHUB_API_TOKEN": hub.driver_token}
    alice = UserClient.with_server(hub, "alice")

    # The stop outlasts slow_stop_timeout; everything that would start the server again,
    # or delete its user, is refused.
    assert stop(hub, "alice") == 202
    pending = exec_section(hub, CHECK_SH, "pending", env=token, name="alice")
    assert '"pending": "stop"' in pending.stdout, pending.output
    assert hub.api("POST", "users/alice/server").status_code == 400
    assert hub.api("DELETE", "users/alice").status_code == 400
    page = alice.get("hub/spawn")  # Start My Server
    assert page.status == 200 and "/hub/spawn-pending/alice" in page.url, alice.trail()
    processes = exec_section(hub, CHECK_SH, "process", name="alice")
    assert "jupyterhub-singleuser" in processes.stdout, processes.output
    symptoms.all_seen(hub.observed(alice))

    # Step 3: end the server; the hub's stop ends with it.
    mark = hub.mark()
    killed = exec_section(hub, FIX_SH, "kill", name="alice")
    assert killed.exit_code == 0, killed.output
    hub.wait_for_log(r"User alice server took \S+ seconds to stop", 15, "hub", since=mark)
    wait_stopped(hub, "alice", 10)
    UserClient.with_server(hub, "alice")

    # Step 5: a restart of the hub while a stop is pending. The exiting hub waits for the
    # stop again; on JupyterHub 6 (65 s) the container's stop timeout (10 s) kills it first
    # and the new hub finds the server gone. With the 15 s of earlier releases the stop
    # may end while the hub exits. Either way the user can start the server again.
    assert stop(hub, "alice") == 202
    hub.restart()
    if Version(HUB_VERSION) >= Version("6"):
        gone = "alice appears to have stopped while the Hub was down"
        assert gone in hub.hub_log(run=-1), hub.hub_log(run=-1)[-3000:]
    UserClient.with_server(hub, "alice")

    # Step 4: JupyterHub 5's timeouts. The same server is stopped (SIGKILL) within 20 s.
    hub.reconfigure([deaf, FIX])
    hub.restart()
    mark = hub.mark()
    alice = UserClient.with_server(hub, "alice")
    assert stop(hub, "alice") in (202, 204)
    took = wait_stopped(hub, "alice", 40)
    assert took < 20, f"the stop took {took:.0f} s after the API answered"
    hub.wait_for_log(r"User alice server took \S+ seconds to stop", 10, "hub", since=mark)
    again = UserClient.with_server(hub, "alice")
    after = hub.observed(again, since=mark)
    symptoms.gone(ENTRY, "pending-stop-400", after)
    symptoms.gone(ENTRY, "stopping-page", after)
