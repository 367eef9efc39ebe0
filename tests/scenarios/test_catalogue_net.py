"""Proxy routes, hub addresses, spawn timeouts and spawn limits.

Entries: proxy/proxy-404-no-hub-route, proxy/proxy-503-target-unreachable,
networking/hub-connect-ip-wrong, networking/http-timeout-server-never-showed-up,
scale/spawn-pending-concurrency.

Each scenario starts a hub from the entry's snippet files, proves the page's symptoms
through its own patterns, applies the page's fix (its fragments; its shell sections run
for real, in the hub's container with `exec_section` or on the host with `run_section`)
and ends with a working state. Test-only configuration, kept out of the pages, is written
to files under the test's tmp_path and named as such: what stands in for a slow server, a
network without name resolution, or timeouts shortened like the harness's own.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

import pytest

from tests.hub.browser import Browser
from tests.hub.hub import SINGLEUSER_LOG_DIR
from tests.scenarios.snippets import (
    container_suffix,
    exec_section,
    fragment,
    run_section,
    section,
)

pytestmark = pytest.mark.scenario

PROXY_404 = "proxy-404-no-hub-route"
PROXY_503 = "proxy-503-target-unreachable"
CONNECT = "hub-connect-ip-wrong"
TIMEOUT = "http-timeout-server-never-showed-up"
LIMITS = "spawn-pending-concurrency"

# The other networking page's command to remove containers created with an old address;
# the pages here include it as their own step.
REMOVE_OLD = "networking/singleuser-cannot-reach-hub-api/fix.sh"


def scratch_fragment(tmp_path: Path, name: str, text: str) -> Path:
    """A config fragment that exists only for the test (never shown on a page)."""
    path = tmp_path / f"test-only-{name}.py"
    path.write_text(f"# test-only: {name}\n{text}")
    return path


def remove_user_container(hub, engine, user: str) -> None:
    """The pages' step: remove the container created with the old configuration."""
    done = run_section(
        REMOVE_OLD, "remove-old-containers", env=engine.env, name=container_suffix(hub, user)
    )
    assert done.returncode == 0, done.stderr
    assert hub.user_container(user) is None


# ================================================================ proxy-404-no-hub-route

PROXY_SH = f"proxy/{PROXY_404}/proxy.sh"
CHP_PID = "/tmp/separate-proxy.pid"
WAIT_API = "/usr/bin/python3 /opt/harness/waitport.py 8001 127.0.0.1 15"
WAIT_API_FREE = (
    "/usr/bin/python3 -c 'import socket, time\n"
    "for _ in range(100):\n"
    '    try: socket.create_connection(("127.0.0.1", 8001), 0.2).close()\n'
    "    except OSError: break\n"
    "    time.sleep(0.1)'"
)


def proxy_command(name: str) -> str:
    """The page's proxy command (a section of proxy.sh, it ends with `&`), run as its
    service manager would: output to the container's log (the hub's is there too, as a
    journal would hold both), pid remembered for the next restart."""
    script = section(PROXY_SH, name)
    return f"{{\n{script}}} >>/proc/1/fd/1 2>&1 </dev/null\necho $! > {CHP_PID}\n{WAIT_API}\n"


def restart_separate_proxy(hub, name: str) -> None:
    """`systemctl restart configurable-http-proxy`: stop it, start it with that command."""
    hub.exec(f'kill "$(cat {CHP_PID})"\n{WAIT_API_FREE}\n{proxy_command(name)}').check()


@pytest.mark.reproduces(
    "proxy-404-no-hub-route", "proxy-404", "no-service-registered", "hub-error-404"
)
def test_separate_proxy_restarted_has_no_route_to_the_hub(hub_factory, symptoms, tmp_path):
    # DockerSpawner, so that users' servers outlive the hub's container. The separate
    # proxy runs in the hub's container (a process of its own, started before the hub);
    # that container stops with the hub, so every start of the hub queues it again.
    token = secrets.token_hex(32)
    broken = fragment(f"proxy/{PROXY_404}/broken.py")
    check = f"proxy/{PROXY_404}/check.sh"
    hub = hub_factory([broken], spawner="docker", env={"CONFIGPROXY_AUTH_TOKEN": token})
    hub.before_start(proxy_command("without-default"))
    hub.start()
    user = Browser.with_server(hub, "you")

    # The proxy restarts on its own; the hub keeps running and does not notice.
    mark = hub.mark()
    restart_separate_proxy(hub, "without-default")
    visitor = Browser(hub)
    assert visitor.get("hub/login").status == 404, visitor.trail()
    assert user.get("user/you/api/status", follow=False).status == 404, user.trail()
    seen = hub.observed(visitor, since=mark)
    symptoms.seen(PROXY_404, "proxy-404", seen)
    symptoms.seen(PROXY_404, "no-service-registered", seen)

    # Step 1: the routing table is empty.
    routes = exec_section(hub, check, "routes")
    assert routes.exit_code == 0 and routes.stdout.strip() == "{}", routes.output

    # A proxy that asks the hub for its error pages: the hub's 404 page, the hub's log.
    mark = hub.mark()
    restart_separate_proxy(hub, "error-page-only")
    other = Browser(hub)
    assert other.get("hub/login").status == 404, other.trail()
    assert "404 : Not Found" in other.transcript(), other.transcript()
    seen = hub.observed(other, since=mark)
    symptoms.seen(PROXY_404, "hub-error-404", seen)
    symptoms.seen(PROXY_404, "proxy-404", seen)

    # Step 2: restart the hub (the page's systemctl line); it adds every route again,
    # users' servers included.
    assert "systemctl restart jupyterhub" in section(check, "restart-hub")
    hub.stop()
    hub.before_start(proxy_command("error-page-only"))
    mark = hub.mark()
    hub.start()
    hub.wait_for_log(r"Adding route for Hub: / => ", source="hub", since=mark)
    assert Browser(hub).get("hub/login").status == 200
    assert user.working_server("you"), user.trail()
    routes = json.loads(exec_section(hub, check, "routes").stdout)
    assert "/" in routes and "/user/you" in routes, routes
    after = hub.observed(since=mark)
    for symptom in ("proxy-404", "hub-error-404"):
        symptoms.gone(PROXY_404, symptom, after)

    # Steps 3 and 4: the proxy with the hub as default target and error page, and the hub
    # checking its routes more often. The page says 60 s; the test shortens it to 5 s as
    # the harness shortens every other timeout (the fix file must set it all the same).
    fix = fragment(f"proxy/{PROXY_404}/fix.py")
    assert "c.JupyterHub.last_activity_interval = 60" in fix.read_text()
    shorter = scratch_fragment(
        tmp_path, "route-check-interval", "c.JupyterHub.last_activity_interval = 5\n"
    )
    hub.stop()
    hub.reconfigure([broken, fix, shorter])
    hub.before_start(proxy_command("with-default"))
    hub.start()
    assert user.working_server("you"), user.trail()

    # The same event again: the proxy restarts. The hub's pages answer at once, users'
    # servers within the interval.
    mark = hub.mark()
    restart_separate_proxy(hub, "with-default")
    fresh = Browser(hub)
    assert fresh.get("hub/login").status == 200, fresh.trail()
    hub.wait_for_log(r"Adding missing route for /user/you/", source="hub", since=mark, timeout=20)
    assert user.working_server("you"), user.trail()
    after = hub.observed(fresh, since=mark)
    for symptom in ("proxy-404", "no-service-registered", "hub-error-404"):
        symptoms.gone(PROXY_404, symptom, after)


@pytest.mark.reproduces("proxy-404-no-hub-route", "proxy-404", "custom-error-page")
def test_hub_stuck_after_starting_its_proxy(hub_factory, symptoms):
    # Something accepts connections on the proxy's API port and never answers: the hub
    # started its proxy, then waits (five minutes) for the proxy's API. Users get 404s.
    hub = hub_factory()
    hub.squat_port(8001, ip="127.0.0.1", mode="silent")
    hub.start(wait=None)
    hub.wait_for_log(r"Proxying .* to \(no default\)", source="proxy")
    visitor = Browser(hub, timeout=10)
    page = visitor.get("hub/login")
    assert page.status == 404 and "Not Found" in page.body, visitor.trail()
    hub.wait_for_log(r"Failed to get custom error page", source="proxy")
    seen = hub.observed(visitor)
    symptoms.seen(PROXY_404, "proxy-404", seen)
    symptoms.seen(PROXY_404, "custom-error-page", seen)
    assert "Adding route for Hub" not in seen["hub-log"]

    # The page sends this case to "a port is already in use": find the owner of 8001 and
    # stop it, as there (the squatter is queued again: on a real machine it would still be
    # there after the hub's restart), then the hub starts.
    hub.stop()
    hub.squat_port(8001, ip="127.0.0.1", mode="silent")
    with hub.held_start():
        found = exec_section(hub, "proxy/port-bind-errors/fix.sh", "find-owner")
        pid = re.search(r"127\.0\.0\.1:8001\s.*pid=(\d+)", found.stdout).group(1)
        stop = exec_section(hub, "proxy/port-bind-errors/fix.sh", "stop-owner", pid=pid)
        assert stop.exit_code == 0 and "squat.py" in stop.stdout, stop.output
    after = hub.observed(run=-1)
    symptoms.gone(PROXY_404, "proxy-404", after)
    symptoms.gone(PROXY_404, "custom-error-page", after)
    assert Browser(hub).get("hub/login").status == 200


# ================================================================ proxy-503-target-unreachable

CHECK_503 = f"proxy/{PROXY_503}/check.sh"


@pytest.mark.reproduces(
    "proxy-503-target-unreachable", "proxy-503-connect", "hub-error-503", "service-unavailable"
)
def test_dead_server_gets_503_from_the_proxy(hub_factory, symptoms):
    # Poll every 30 s, JupyterHub's default, so that the hub has not noticed the death yet.
    hub = hub_factory(timeouts={"http_timeout": 10, "start_timeout": 20, "poll_interval": 30})
    hub.start()
    user = Browser.with_server(hub, "you")

    # The server is killed (out of memory, by hand): the route stays.
    hub.exec("kill -9 $(pgrep -u you -f jupyterhub-singleuser)").check()
    mark = hub.mark()
    page = user.get("user/you/api/status", follow=False)
    assert page.status == 503, user.trail()
    hub.wait_for_log(r"GET /hub/error/503\?url=", source="hub", since=mark)
    seen = hub.observed(user, since=mark)
    for symptom in ("proxy-503-connect", "hub-error-503", "service-unavailable"):
        symptoms.seen(PROXY_503, symptom, seen)

    # Steps 1 and 2: the route's target, and nothing listening on its port.
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}
    routes = json.loads(exec_section(hub, CHECK_503, "routes", env=env).stdout)
    target = routes["/user/you/"]["target"]
    port = target.rsplit(":", 1)[1]
    listening = exec_section(hub, CHECK_503, "listening", port=port)
    assert f":{port} " not in listening.stdout, listening.output

    # Step 3: stop the server through the hub, then the user starts it again.
    stopped = exec_section(hub, CHECK_503, "restart-server", env=env, name="you")
    assert stopped.stdout.strip() in ("202", "204"), stopped.output
    mark = hub.mark()
    again = Browser.with_server(hub, "you")
    after = hub.observed(again, since=mark)
    for symptom in ("proxy-503-connect", "hub-error-503", "service-unavailable"):
        symptoms.gone(PROXY_503, symptom, after)


@pytest.mark.reproduces(
    "proxy-503-target-unreachable", "proxy-503-connect", "hub-route-503", "custom-error-page"
)
def test_hub_listens_on_loopback_but_advertises_another_address(hub_factory, symptoms):
    broken = fragment(f"proxy/{PROXY_503}/broken.py")
    hub = hub_factory([broken])
    hub.start(wait="log")  # "JupyterHub is now running"; nobody can log in
    visitor = Browser(hub)
    assert visitor.get("hub/login").status == 503, visitor.trail()
    hub.wait_for_log(r"Failed to get custom error page", source="proxy")
    seen = hub.observed(visitor)
    for symptom in ("proxy-503-connect", "hub-route-503", "custom-error-page"):
        symptoms.seen(PROXY_503, symptom, seen)

    # Steps 1 and 2, at the hub's own port: "/" goes to jupyterhub:8081, the hub listens
    # on 127.0.0.1 only.
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}
    routes = exec_section(hub, CHECK_503, "routes", env=env, hub="http://127.0.0.1:8081")
    assert json.loads(routes.stdout)["/"]["target"] == "http://jupyterhub:8081", routes.output
    listening = exec_section(hub, CHECK_503, "listening", port="8081")
    assert "127.0.0.1:8081" in listening.stdout, listening.output

    # The fix: listen where the hub advertises.
    hub.reconfigure([broken, fragment(f"proxy/{PROXY_503}/fix.py")])
    hub.restart()
    after = hub.observed(run=-1)
    for symptom in ("proxy-503-connect", "hub-route-503", "custom-error-page"):
        symptoms.gone(PROXY_503, symptom, after)
    assert "Hub API listening on http://0.0.0.0:8081/hub/" in after["hub-log"]
    Browser.with_server(hub, "you")


# ================================================================ hub-connect-ip-wrong

CHECK_CONNECT = f"networking/{CONNECT}/check.sh"


def api_url_told(hub, engine, user: str) -> str:
    told = run_section(CHECK_CONNECT, "told", env=engine.env, name=container_suffix(hub, user))
    assert told.returncode == 0, told.stderr
    return told.stdout.strip()


@pytest.mark.reproduces("hub-connect-ip-wrong", "zero-connect-failed", "zero-connect-call")
def test_servers_told_to_connect_to_0000(hub_factory, engine, symptoms):
    zero = fragment(f"networking/{CONNECT}/zero.py")
    hub = hub_factory([zero], spawner="docker", docker_hub_connect=False).start()
    browser = Browser(hub)
    assert browser.get("hub/login").status == 200  # the proxy reaches the hub at 0.0.0.0
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)
    assert spawn.failed, f"{spawn.message}\n{browser.trail()}"
    seen = hub.observed(browser)
    symptoms.seen(CONNECT, "zero-connect-failed", seen)
    symptoms.seen(CONNECT, "zero-connect-call", seen)
    assert "Private Hub API connect url" not in seen["hub-log"]
    assert api_url_told(hub, engine, "you") == "JUPYTERHUB_API_URL=http://0.0.0.0:8081/hub/api"

    hub.reconfigure([zero, fragment(f"networking/{CONNECT}/fix.py")])
    hub.restart()
    remove_user_container(hub, engine, "you")
    mark = hub.mark()
    Browser.with_server(hub, "you")
    after = hub.observed(since=mark)
    symptoms.gone(CONNECT, "zero-connect-failed", after)
    symptoms.gone(CONNECT, "zero-connect-call", after)
    assert api_url_told(hub, engine, "you") == "JUPYTERHUB_API_URL=http://jupyterhub:8081/hub/api"


@pytest.mark.reproduces(
    "hub-connect-ip-wrong", "hostname-connect-url", "hostname-connect-failed", "dns-error"
)
def test_servers_cannot_resolve_the_hubs_host_name(hub_factory, engine, symptoms, tmp_path):
    # Servers where nothing resolves the hub's container id: Docker's default bridge, a
    # Swarm overlay network, another machine. Here the servers' only DNS server does not
    # exist (their own loopback), so that no lookup leaves this machine. It replaces their
    # resolv.conf: Docker's resolver on the network, unlike Podman's, would answer for the
    # hub's container id whatever DNS the container is given.
    broken = fragment(f"networking/{CONNECT}/broken.py")
    resolv_conf = tmp_path / "resolv.conf"
    resolv_conf.write_text("nameserver 127.0.0.1\n")
    resolv_conf.chmod(0o644)
    no_dns = scratch_fragment(
        tmp_path,
        "servers-without-dns",
        f"c.DockerSpawner.volumes = {{{str(resolv_conf)!r}: "
        '{"bind": "/etc/resolv.conf", "mode": "ro"}}\n',
    )
    hub = hub_factory([broken, no_dns], spawner="docker", docker_hub_connect=False).start()
    host_name = hub.container.attrs["Config"]["Hostname"]
    browser = Browser(hub)
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)
    assert spawn.failed, f"{spawn.message}\n{browser.trail()}"
    seen = hub.observed(browser)
    for symptom in ("hostname-connect-url", "hostname-connect-failed", "dns-error"):
        lines = symptoms.seen(CONNECT, symptom, seen)
        assert all(host_name in line for line in lines), lines
    assert api_url_told(hub, engine, "you") == f"JUPYTERHUB_API_URL=http://{host_name}:8081/hub/api"

    # The fix: the servers on the hub's own user-defined network (the harness's network,
    # where names resolve: the test-only fragment goes), and its name advertised.
    hub.reconfigure([broken, fragment(f"networking/{CONNECT}/fix.py")])
    hub.restart()
    remove_user_container(hub, engine, "you")
    mark = hub.mark()
    Browser.with_server(hub, "you")
    after = hub.observed(since=mark)
    for symptom in ("hostname-connect-url", "hostname-connect-failed", "dns-error"):
        symptoms.gone(CONNECT, symptom, after)
    assert "Private Hub API connect url http://jupyterhub:8081/hub/" in hub.hub_log(run=-1)


# ================================================================ http-timeout-server-never-showed-up

CHECK_TIMEOUT = f"networking/{TIMEOUT}/check.sh"
TIMEOUT_SYMPTOMS = (
    "never-showed-up",
    "not-accessible",
    "took-too-long",
    "slow-to-respond",
    "spawn-failed",
)


@pytest.mark.reproduces(
    "http-timeout-server-never-showed-up",
    "never-showed-up",
    "not-accessible",
    "took-too-long",
    "slow-to-respond",
    "spawn-failed",
)
def test_server_listens_on_its_containers_loopback(hub_factory, engine, symptoms):
    broken = fragment(f"networking/{TIMEOUT}/broken.py")
    # http_timeout 15 s rather than the harness's 10: the hub's "slow to become
    # responsive" warning comes after 10 s, and must not race the timeout itself.
    timeouts = {"http_timeout": 15, "start_timeout": 20, "poll_interval": 2}
    hub = hub_factory([broken], spawner="docker", timeouts=timeouts).start()
    browser = Browser(hub)
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)
    assert spawn.failed, f"{spawn.message}\n{browser.trail()}"
    assert browser.open("user/you/files/hello.txt").status == 500, browser.trail()
    seen = hub.observed(browser)
    for symptom in TIMEOUT_SYMPTOMS:
        symptoms.seen(TIMEOUT, symptom, seen)

    # Step 1: where the server says it listens.
    name = container_suffix(hub, "you")
    where = run_section(CHECK_TIMEOUT, "where", env=engine.env, name=name)
    assert "http://127.0.0.1:8888/user/you/" in where.stdout, where.stdout + where.stderr

    # Step 2: the class-specific setting, and the old container removed.
    hub.reconfigure([broken, fragment(f"networking/{TIMEOUT}/fix.py")])
    hub.restart()
    remove_user_container(hub, engine, "you")
    mark = hub.mark()
    fixed = Browser.with_server(hub, "you")
    after = hub.observed(fixed, since=mark)
    for symptom in TIMEOUT_SYMPTOMS:
        symptoms.gone(TIMEOUT, symptom, after)
    where = run_section(CHECK_TIMEOUT, "where", env=engine.env, name=name)
    assert "http://0.0.0.0:8888/user/you/" in where.stdout, where.stdout


@pytest.mark.reproduces("http-timeout-server-never-showed-up", "never-showed-up", "took-too-long")
def test_slow_server_needs_a_longer_http_timeout(hub_factory, engine, symptoms, tmp_path):
    # A server that needs ~14 s before it listens (a large environment, a slow file
    # system), against the harness's http_timeout of 10 s.
    slow_server = scratch_fragment(
        tmp_path,
        "slow-server",
        "c.DockerSpawner.cmd = ['sh', '-c', 'sleep 12; exec jupyterhub-singleuser \"$@\"', 'sh']\n",
    )
    hub = hub_factory([slow_server], spawner="docker").start()
    browser = Browser(hub)
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)
    assert spawn.failed, f"{spawn.message}\n{browser.trail()}"
    seen = hub.observed(browser)
    symptoms.seen(TIMEOUT, "never-showed-up", seen)
    symptoms.seen(TIMEOUT, "took-too-long", seen)

    hub.reconfigure([slow_server, fragment(f"networking/{TIMEOUT}/slow.py")])
    hub.restart()
    remove_user_container(hub, engine, "you")
    mark = hub.mark()
    Browser.with_server(hub, "you", timeout=60)
    after = hub.observed(since=mark)
    symptoms.gone(TIMEOUT, "never-showed-up", after)
    symptoms.gone(TIMEOUT, "took-too-long", after)


# ================================================================ spawn-pending-concurrency

CHECK_LIMITS = f"scale/{LIMITS}/check.sh"
LIMIT_SYMPTOMS = ("too-many-users", "throttling", "active-limit", "no-space", "error-starting-429")


def wait_until(condition, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.2)


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
    broken = fragment(f"scale/{LIMITS}/broken.py")
    hub = hub_factory([slow, broken]).start()
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}

    # alice starts; bob, while alice's spawn is pending, is throttled.
    alice = Browser(hub)
    alice.login("alice")
    assert alice.spawn("alice", wait=False).landing.status == 200, alice.trail()
    bob = Browser(hub)
    bob.login("bob")
    refused = bob.spawn("bob", wait=False).landing
    assert refused.status == 429, bob.trail()

    # Steps 1 and 2: alice's spawn is pending; stopping it frees the slot.
    count = exec_section(hub, CHECK_LIMITS, "count", env=env)
    users = {u["name"]: u for u in json.loads(count.stdout)}
    assert users["alice"]["servers"][""]["pending"] == "spawn", count.stdout
    stopped = exec_section(hub, CHECK_LIMITS, "stop-pending", env=env, name="alice")
    assert stopped.stdout.strip() in ("202", "204"), stopped.output
    wait_until(lambda: not (hub.user_model("alice") or {}).get("servers"), "alice's spawn stops")
    Browser.with_server(hub, "bob")
    Browser.with_server(hub, "alice")

    # Two servers exist: carol finds no room.
    carol = Browser(hub)
    carol.login("carol")
    assert carol.spawn("carol", wait=False).landing.status == 429, carol.trail()
    seen = hub.observed()
    seen["browser"] = "\n".join(b.transcript() for b in (alice, bob, carol))
    for symptom in LIMIT_SYMPTOMS:
        symptoms.seen(LIMITS, symptom, seen)

    # Step 3: limits sized to the machine. Three users start at the same time.
    hub.reconfigure([slow, broken, fragment(f"scale/{LIMITS}/fix.py")])
    hub.restart()
    mark = hub.mark()
    browsers = {}
    for user in ("alice", "bob", "carol"):
        browsers[user] = Browser(hub)
        browsers[user].login(user)
        landing = browsers[user].spawn(user, wait=False).landing
        assert landing.status == 200, browsers[user].trail()
    for user, browser in browsers.items():
        assert browser.spawn(user, timeout=40).ready, browser.trail()
        assert browser.working_server(user), browser.trail()
    after = hub.observed(since=mark)
    after["browser"] = "\n".join(b.transcript() for b in browsers.values())
    for symptom in LIMIT_SYMPTOMS:
        symptoms.gone(LIMITS, symptom, after)
