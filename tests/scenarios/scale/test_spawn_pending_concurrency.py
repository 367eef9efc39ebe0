"""scale/spawn-pending-concurrency: spawns refused by concurrent_spawn_limit and
active_server_limit (429s) until the limits are sized to the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.hub import SINGLEUSER_LOG_DIR
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until

pytestmark = pytest.mark.scenario

ENTRY = "spawn-pending-concurrency"
CHECK = f"scale/{ENTRY}/check.sh"


def slow_spawns(tmp_path: Path) -> Path:
    """Each server needs ~4 s more to start, so that spawns overlap (LocalProcessSpawner,
    its output still in the harness's per-user log file)."""
    cmd = [
        "/bin/sh",
        "-c",
        f'sleep 4; exec "$@" >>"{SINGLEUSER_LOG_DIR}/$JUPYTERHUB_USER.log" 2>&1',
        "sh",
        "jupyterhub-singleuser",
    ]
    return scratch_fragment(tmp_path, "slow-spawns", f"c.Spawner.cmd = {cmd!r}\n")


@pytest.mark.reproduces(
    "spawn-pending-concurrency",
    "too-many-users",
    "throttling",
    "active-limit",
    "no-space",
    "error-starting-429",
)
def test_spawn_and_server_limits(hub_factory, symptoms, tmp_path):
    slow = slow_spawns(tmp_path)
    broken = fragment(f"scale/{ENTRY}/broken.py")
    # Three slow spawns at once on a loaded machine: JupyterHub's own http_timeout (30 s),
    # not the harness's short one, since this scenario is about limits, not timeouts.
    timeouts = {"http_timeout": 30, "start_timeout": 60, "poll_interval": 2}
    hub = hub_factory([slow, broken], timeouts=timeouts).start()
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}

    # alice starts; bob, while alice's spawn is pending, is throttled.
    alice = UserClient(hub)
    alice.login("alice")
    assert alice.spawn("alice", wait=False).landing.status == 200, alice.trail()
    bob = UserClient(hub)
    bob.login("bob")
    refused = bob.spawn("bob", wait=False).landing
    assert refused.status == 429, bob.trail()

    # Steps 1 and 2: alice's spawn is pending; stopping it frees the slot.
    count = exec_section(hub, CHECK, "count", env=env)
    users = {u["name"]: u for u in json.loads(count.stdout)}
    assert users["alice"]["servers"][""]["pending"] == "spawn", count.stdout
    stopped = exec_section(hub, f"scale/{ENTRY}/fix.sh", "stop-pending", env=env, name="alice")
    assert stopped.stdout.strip() in ("202", "204"), stopped.output
    wait_until(lambda: not (hub.user_model("alice") or {}).get("servers"), "alice's spawn stops")
    UserClient.with_server(hub, "bob")
    UserClient.with_server(hub, "alice")

    # Two servers exist: carol finds no room.
    carol = UserClient(hub)
    carol.login("carol")
    assert carol.spawn("carol", wait=False).landing.status == 429, carol.trail()
    seen = hub.observed()
    seen["browser"] = "\n".join(b.transcript() for b in (alice, bob, carol))
    symptoms.all_seen(seen)

    # Step 3: limits sized to the machine. Three users start at the same time.
    hub.reconfigure([slow, broken, fragment(f"scale/{ENTRY}/fix.py")])
    hub.restart()
    mark = hub.mark()
    browsers = {}
    for user in ("alice", "bob", "carol"):
        browsers[user] = UserClient(hub)
        browsers[user].login(user)
        landing = browsers[user].spawn(user, wait=False).landing
        assert landing.status == 200, browsers[user].trail()
    for user, browser in browsers.items():
        assert browser.spawn(user, timeout=40).ready, browser.trail()
        assert browser.working_server(user), browser.trail()
    after = hub.observed(since=mark)
    after["browser"] = "\n".join(b.transcript() for b in browsers.values())
    symptoms.all_gone(after)
