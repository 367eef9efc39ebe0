"""spawners/idle-culler-not-culling: jupyterhub-idle-culler, run by the hub as a managed
service (the release installed in the hub image), refused by the hub for want of scopes,
failing on a role that cannot read servers, culling servers that are in use, and exiting
at start after the upgrade to 2.0; then each of the page's fixes, with a server culled.

The page's culler waits an hour (--timeout=3600, --cull-every=600). A test-only fragment
shortens both to a few seconds with the culler's own options, so a pass comes every 2 s
and an idle server is culled within seconds. The servers are LocalProcessSpawner's,
started through the REST API (the idle ones) or by a user's client (the busy one).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "idle-culler-not-culling"
SERVICE = fragment(f"spawners/{ENTRY}/service.py")
BROKEN = fragment(f"spawners/{ENTRY}/broken.py")
NO_READ_SERVERS = fragment(f"spawners/{ENTRY}/no-read-servers.py")
FIX = fragment(f"spawners/{ENTRY}/fix.py")
BARE_FLAG = fragment(f"spawners/{ENTRY}/bare-flag.py")
CULL_USERS = fragment(f"spawners/{ENTRY}/cull-users.py")
ACTIVITY = fragment(f"spawners/{ENTRY}/activity.py")
CHECK = f"spawners/{ENTRY}/check.sh"
API = "http://127.0.0.1:8081/hub/api"


def short_culler(tmp_path, timeout: int = 5, every: int = 2):
    """Test-only: the page's culler command with --timeout and --cull-every of seconds."""
    text = f"""
for _service in c.JupyterHub.services:
    if _service.get("name") == "idle-culler":
        _service["command"] = [
            arg for arg in _service["command"]
            if not arg.startswith(("--timeout=", "--cull-every="))
        ] + ["--timeout={timeout}", "--cull-every={every}"]
"""
    return scratch_fragment(tmp_path, "short-culler", text)


def fast_activity(tmp_path):
    """Test-only: activity.py's 60 s scaled down to 1 s, for a --timeout of 6 s."""
    text = (
        "c.JupyterHub.last_activity_interval = 1\n"
        'c.Spawner.environment.update({"JUPYTERHUB_ACTIVITY_INTERVAL": "1"})\n'
    )
    return scratch_fragment(tmp_path, "fast-activity", text)


def culler_token(hub) -> str:
    """Test-only: the token the hub gave the running culler (check.sh reads it the same way)."""
    done = hub.exec(
        "tr '\\0' '\\n' < /proc/$(pgrep -o -f '[j]upyterhub_idle_culler')/environ"
        " | sed -n 's/^JUPYTERHUB_API_TOKEN=//p'"
    )
    assert done.exit_code == 0 and done.stdout.strip(), done.output
    return done.stdout.strip()


def idle_server(hub, user: str) -> None:
    """A user with a running server that nobody uses (started as an admin would)."""
    created = hub.api("POST", f"users/{user}")
    assert created.status_code in (201, 409), created.text
    hub.start_server(user)


def servers(hub, user: str) -> dict:
    return (hub.user_model(user) or {}).get("servers") or {}


def scopes(hub) -> tuple[dict, str]:
    """check.sh's scopes section: the culler token's model, and the list's status line."""
    done = exec_section(hub, CHECK, "scopes")
    assert done.exit_code == 0, done.output
    print(done.stdout)  # shown with pytest -rP: the page quotes it
    model, _, status = done.stdout.strip().partition("\n")
    return json.loads(model), status


@pytest.mark.reproduces(
    "idle-culler-not-culling",
    "cull-403-first",
    "http-403",
    "error-processing",
    "keyerror-server",
    "culling-server",
)
def test_culler_refused_then_culls_idle_server(hub_factory, symptoms, tmp_path):
    short = short_culler(tmp_path)

    # 1. The role of JupyterHub's docs: no list:users. Every pass is refused, at once
    # and then every --cull-every seconds; the idle server stays.
    hub = hub_factory([SERVICE, BROKEN, short]).start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    idle_server(hub, "alice")
    hub.wait_for_log(r"HTTPClientError: HTTP 403: Forbidden", 20, "hub", count=3)
    symptoms.seen(ENTRY, "cull-403-first", hub.observed())
    symptoms.seen(ENTRY, "http-403", hub.observed())
    assert "Not authorizing access to /hub/api/users" in hub.hub_log()
    assert "(idle-culler@127.0.0.1)" in hub.hub_log()
    model, status = scopes(hub)
    assert model["kind"] == "service" and model["name"] == "idle-culler", model
    assert "read:users:name" in model["scopes"] and "list:users" not in model["scopes"], model
    assert status == "GET /users?state=ready: HTTP 403", status
    assert "" in servers(hub, "alice"), "the idle server should still run"
    assert "Culling server" not in hub.hub_log()
    old_token = culler_token(hub)  # printed in the log's later tracebacks
    assert f"api_token='{old_token}'" in hub.hub_log()

    # 2. A role that may list users and stop servers but not read them: the list comes
    # without servers, and the culler fails on every user with a running server.
    hub.reconfigure([SERVICE, NO_READ_SERVERS, short])
    hub.restart()
    assert check_names(hub, ENTRY)
    idle_server(hub, "alice")
    hub.wait_for_log(r"KeyError: 'server'", 20, "hub", count=2)
    broken = hub.observed(run=-1)
    symptoms.seen(ENTRY, "error-processing", broken)
    symptoms.seen(ENTRY, "keyerror-server", broken)
    symptoms.gone(ENTRY, "http-403", broken)
    model, status = scopes(hub)
    assert "list:users" in model["scopes"] and "read:servers" not in model["scopes"], model
    assert status == "GET /users?state=ready: HTTP 200", status
    assert "" in servers(hub, "alice"), "the idle server should still run"
    assert "Culling server" not in hub.hub_log(run=-1)

    # 3. The page's role: the idle server is culled within --timeout + --cull-every.
    hub.reconfigure([SERVICE, FIX, short])
    hub.restart()
    assert not check_names(hub, ENTRY)
    model, status = scopes(hub)
    for scope in ("list:users", "read:users:activity", "read:servers", "delete:servers"):
        assert scope in model["scopes"], model
    assert not {"admin:users", "servers", "start:servers"} & set(model["scopes"]), model
    assert status == "GET /users?state=ready: HTTP 200", status
    idle_server(hub, "alice")
    hub.wait_for_log(r"Culling server alice \(inactive for", 20, "hub")
    hub.wait_for_log(r"20[24] DELETE /hub/api/users/alice/server \(idle-culler@", 15, "hub")
    wait_until(lambda: not servers(hub, "alice"), "alice's server gone from the API", 15)
    fixed = hub.observed(run=-1)
    symptoms.seen(ENTRY, "culling-server", fixed)
    # The token of the first start, from the log, still works two restarts later,
    # with the scopes of the service's role now.
    assert culler_token(hub) != old_token
    whoami = hub.exec(f"curl -s -H 'Authorization: token {old_token}' {API}/user")
    assert '"name": "idle-culler"' in whoami.stdout, whoami.output
    assert '"list:users"' in whoami.stdout, whoami.output
    for gone in ("cull-403-first", "http-403", "error-processing", "keyerror-server"):
        symptoms.gone(ENTRY, gone, fixed)


@pytest.mark.reproduces("idle-culler-not-culling", "culling-server")
def test_timeout_below_activity_interval_culls_busy_server(hub_factory, symptoms, tmp_path):
    short = short_culler(tmp_path, timeout=6)

    # A user working all along (a request through the proxy every second) is culled:
    # with the default intervals the hub learns of the activity only after 300 s.
    hub = hub_factory([SERVICE, FIX, short]).start()
    bob = UserClient.with_server(hub, "bob")
    mark = hub.mark()
    answered = []
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and "Culling server bob" not in hub.hub_log(run=-1):
        answered.append(bob.get("user/bob/api/contents", follow=False).status)
        time.sleep(1)
    assert "Culling server bob" in hub.hub_log(run=-1), hub.hub_log(run=-1)[-3000:]
    # Answered until the cull (a last request may have come after it).
    assert len(answered) >= 3 and set(answered[:-1]) == {200}, answered
    symptoms.seen(ENTRY, "culling-server", hub.observed(since=mark))
    wait_until(lambda: not servers(hub, "bob"), "bob's server gone", 15)

    # activity.py (scaled down): reports every second, below the culler's 6 s. The busy
    # server outlives several timeouts; once its user stops, it is culled.
    hub.reconfigure([SERVICE, FIX, ACTIVITY, fast_activity(tmp_path), short])
    hub.restart()
    bob = UserClient.with_server(hub, "bob")
    busy_until = time.monotonic() + 20
    while time.monotonic() < busy_until:
        hop = bob.get("user/bob/api/contents", follow=False)
        assert hop.status == 200, f"{hop}\n{hub.hub_log(run=-1)[-3000:]}"
        time.sleep(1)
    assert "Culling server bob" not in hub.hub_log(run=-1), hub.hub_log(run=-1)[-3000:]
    assert "" in servers(hub, "bob")
    hub.wait_for_log(r"Culling server bob \(inactive for", 25, "hub")
    wait_until(lambda: not servers(hub, "bob"), "bob's server gone", 15)


@pytest.mark.reproduces("idle-culler-not-culling", "bare-flag", "service-exited")
def test_bare_flag_stops_culler_2(hub_factory, symptoms, tmp_path):
    short = short_culler(tmp_path)

    # A 1.x command line (--cull-users alone): the 2.x culler exits with a usage error,
    # the hub notices at its next poll of the service (30 s) and starts it again.
    hub = hub_factory([BARE_FLAG, FIX, short]).start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    version = exec_section(hub, CHECK, "version")
    assert version.exit_code == 0 and "jupyterhub-idle-culler 2." in version.stdout, version.output
    hub.wait_for_log(r"Service idle-culler exited with status 2", 45, "hub")
    symptoms.seen(ENTRY, "bare-flag", hub.observed())
    symptoms.seen(ENTRY, "service-exited", hub.observed())

    # The hub starts the crash-looping culler again and again; it lives about a second each
    # time, so the page's check finds no culler running between two of those starts.
    def no_culler() -> bool:
        found = exec_section(hub, CHECK, "scopes")
        return found.exit_code != 0 and "no culler running" in found.stdout

    wait_until(no_culler, "the page's check to find no culler running", 20, interval=1)

    # The fix: --cull-users=true, and delete:users for the users it deletes.
    hub.reconfigure([CULL_USERS, short])
    hub.restart()
    assert not check_names(hub, ENTRY)
    model, status = scopes(hub)
    assert "delete:users" in model["scopes"] and "admin:users" not in model["scopes"], model
    idle_server(hub, "alice")
    hub.wait_for_log(r"Culling server alice \(inactive for", 20, "hub")
    hub.wait_for_log(r"Culling user alice \(inactive for", 20, "hub")
    hub.wait_for_log(r"204 DELETE /hub/api/users/alice \(idle-culler@", 15, "hub")
    assert hub.api("GET", "users/alice").status_code == 404
    symptoms.gone(ENTRY, "bare-flag", hub.observed(run=-1))
    symptoms.gone(ENTRY, "service-exited", hub.observed(run=-1))
