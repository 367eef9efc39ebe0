"""The triage guides (docs/triage/*.md): every command they show, run on real hubs.

The guides are no entries: they reproduce no symptom, so nothing here is claimed with
``reproduces``. Each section of snippets/triage/ runs as a reader runs it, and each output
is held to what the guide says it shows. Two hubs serve the four guides:

- ``service_hub``: systemd as PID 1 and the hub as its service ``jupyterhub.service``, as
  on a machine set up by hand or by The Littlest JupyterHub. The harness's unit writes the
  hub's output to a file; a test-only drop-in sends it to the journal, where a unit
  without ``StandardOutput=`` has it. Its single-user servers run with ``c.Spawner.debug``.
  The hub is broken (a database in a directory that does not exist) and mended again, to
  run the hub-does-not-start guide's commands on a hub that exits and on one that runs.
- ``container_hub``: an ordinary hub container, as with Docker: LocalProcessSpawner with
  JupyterHub's own ``Spawner.cmd`` (so the servers' output is in the hub's, as on a
  machine), the debug fragments of the guides, ``alice`` an admin, and
  DummyAuthenticator with a password (so that a wrong one is refused).

Each section's output is kept in .artefacts/hub/triage-guides/ (what the pages quote).
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.machine import Foreground
from tests.hub.processes import listeners, process_cmdline
from tests.hub.sections import fragment, section, with_parameters
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION
from tests.scenarios.triage.guide_steps import ANSI, DEBUG_LINE, GuideSteps

pytestmark = pytest.mark.scenario

LOGS = "triage/hub-does-not-start/logs.sh"
FOREGROUND = "triage/hub-does-not-start/foreground.sh"
CHECKS = "triage/hub-does-not-start/checks.sh"
LOGINS = "triage/login-fails/logins.sh"
BROWSER = "triage/login-fails/browser.sh"
API = "triage/server-does-not-start/api.sh"
SERVER = "triage/server-does-not-start/server.sh"
ROUTES = "triage/routing-and-proxy/routes.sh"
HOPS = "triage/routing-and-proxy/hops.sh"
DEBUG_FRAGMENTS = [
    fragment("triage/login-fails/debug.py"),
    fragment("triage/server-does-not-start/debug.py"),
    fragment("triage/routing-and-proxy/debug.py"),
]
SPAWNER_DEBUG = fragment("triage/server-does-not-start/spawner-debug.py")

PASSWORD = "any-password"  # UserClient.login's default: the right one
ADMIN = "alice"
CONTAINER_HUB_CONFIG = f"""
# JupyterHub's own command: the servers' output goes to the hub's (the harness's prelude
# sends it to a file of each user's).
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.admin_users = {{{ADMIN!r}}}
"""
JOURNAL_DROP_IN = (
    "mkdir -p /etc/systemd/system/jupyterhub.service.d\n"
    "printf '[Service]\\nStandardOutput=journal\\nStandardError=journal\\n' "
    "> /etc/systemd/system/jupyterhub.service.d/journal.conf\n"
    "systemctl daemon-reload\n"
    "systemctl restart jupyterhub\n"
)
MISSING_DB_DIR = "/srv/jupyterhub/no-such-dir"
HIDDEN_TOKEN = re.compile(r"[0-9a-f]{32}")


STEPS = GuideSteps("triage-guides")
keep, run, on_host = STEPS.keep, STEPS.run, STEPS.on_host


def body_and_status(output: str) -> tuple[str, int]:
    """curl's body and the `HTTP <code>` line the sections print after it."""
    found = re.search(r"^(.*)\nHTTP (\d{3})\s*$", output, re.S)
    assert found, output
    return found.group(1), int(found.group(2))


def wait_until_answers(hub, timeout: int = 60) -> None:
    """The (re)started service's hub answers its login page through the proxy."""
    done = hub.exec(
        f"for i in $(seq {timeout * 2}); do "
        "curl -sf -o /dev/null http://127.0.0.1:8000/hub/login && exit 0; sleep 0.5; done; exit 1",
        timeout=timeout + 10,
    )
    assert done.exit_code == 0, hub.exec(
        "systemctl status jupyterhub --no-pager; journalctl -u jupyterhub --no-pager -n 60"
    ).output


def wait_until_failed(hub, timeout: int = 60) -> None:
    done = hub.exec(
        f"for i in $(seq {timeout * 2}); do "
        '[ "$(systemctl is-active jupyterhub)" = failed ] && exit 0; sleep 0.5; done; exit 1',
        timeout=timeout + 10,
    )
    assert done.exit_code == 0, hub.exec("systemctl status jupyterhub --no-pager").output


TOKENS: dict[str, str] = {}


def admin_token(hub) -> str:
    """The guide's token section, in the hub's directory; the variable it sets (made once
    a hub)."""
    if hub.container_name in TOKENS:
        return TOKENS[hub.container_name]
    script = with_parameters(section(API, "token"), admin=ADMIN)
    made = hub.exec(f"set -e\n{script}\nprintf '%s\\n' \"$JUPYTERHUB_API_TOKEN\"", timeout=90)
    keep("server-does-not-start/api.sh-token", f"exit {made.exit_code}\n{made.stderr}")
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{32,}", token), made.output
    TOKENS[hub.container_name] = token
    return token


def routes_of(output: str) -> dict:
    table, status = body_and_status(output)
    assert status == 200, output
    return json.loads(table)


@pytest.fixture(scope="module")
def service_hub(module_hub_factory):
    hub = module_hub_factory([SPAWNER_DEBUG], init="systemd")
    hub.start()
    # Test-only: the hub's output in the journal, as a unit without StandardOutput= has it.
    hub.exec(JOURNAL_DROP_IN, timeout=60).check()
    wait_until_answers(hub)
    return hub


@pytest.fixture(scope="module")
def container_hub(module_hub_factory, tmp_path_factory):
    own = scratch_fragment(
        tmp_path_factory.mktemp("triage"), "plain-cmd-password-admin", CONTAINER_HUB_CONFIG
    )
    hub = module_hub_factory([*DEBUG_FRAGMENTS, own])
    hub.start()
    return hub


# ------------------------------------------------------------------ hub-does-not-start


def test_hub_does_not_start_commands(service_hub, tmp_path):
    hub = service_hub
    versions = run(hub, CHECKS, "versions")
    assert versions.exit_code == 0, versions.output
    lines = versions.stdout.splitlines()
    assert lines[0].strip() == HUB_VERSION, versions.output
    assert re.fullmatch(r"\d+\.\d+\.\d+", lines[1].strip()), versions.output
    assert f"jupyterhub=={HUB_VERSION}" in lines, versions.output
    assert re.search(r"(?im)^sqlalchemy==\d", versions.stdout), versions.output
    assert re.search(r"(?im)^jupyter[-_]server==2\.", versions.stdout), versions.output

    healthy = run(hub, CHECKS, "ports", "-running")
    listening = listeners(healthy.stdout)
    assert {8000, 8001, 8081} <= set(listening), healthy.output
    assert "configurable-http-proxy" in process_cmdline(hub, listening[8001][0][1])
    status = run(hub, LOGS, "status", "-running")
    assert "ActiveState=active" in status.stdout, status.output
    unit = run(hub, LOGS, "unit")
    assert re.search(r"^ExecStart=.*jupyterhub", unit.stdout, re.M), unit.output
    assert "StandardOutput=journal" in unit.stdout, unit.output  # the test's drop-in

    # The hub exits at start-up: its database is in a directory that does not exist.
    broken = scratch_fragment(
        tmp_path,
        "db-in-missing-dir",
        f'c.JupyterHub.db_url = "sqlite:///{MISSING_DB_DIR}/jupyterhub.sqlite"\n',
    )
    hub.reconfigure([SPAWNER_DEBUG, broken])
    hub.exec("systemctl restart jupyterhub", timeout=60)
    wait_until_failed(hub)

    status = run(hub, LOGS, "status", "-failed")
    assert "ActiveState=failed" in status.stdout, status.output
    assert re.search(r"^ExecMainStatus=[1-9]\d*$", status.stdout, re.M), status.output
    journal = run(hub, LOGS, "journal", "-failed")
    assert f"Failed to connect to db: sqlite:///{MISSING_DB_DIR}/jupyterhub.sqlite" in (
        journal.stdout
    ), journal.output
    nothing = run(hub, CHECKS, "ports", "-failed")
    assert not listeners(nothing.stdout), nothing.output
    assert "nothing listens on 8000|8001|8081" in nothing.stdout, nothing.output

    stopped = run(hub, FOREGROUND, "stop-service")
    assert stopped.exit_code == 0, stopped.output
    foreground = Foreground(hub, section(FOREGROUND, "debug"), "triage-hub-debug")
    printed = foreground.wait_for(r"Failed to connect to db", timeout=60)
    keep("hub-does-not-start/foreground.sh-debug", printed)
    assert DEBUG_LINE.search(printed), printed  # --debug: the debug lines are there
    assert "Loaded config file: /srv/jupyterhub/jupyterhub_config.py" in printed, printed

    # Mended: the service starts again and everything listens.
    hub.reconfigure([SPAWNER_DEBUG])
    started = run(hub, FOREGROUND, "start-service")
    assert started.exit_code == 0, started.output
    wait_until_answers(hub)
    healthy = run(hub, CHECKS, "ports", "-mended")
    assert {8000, 8001, 8081} <= set(listeners(healthy.stdout)), healthy.output


def test_hub_log_of_a_container(container_hub):
    shown = on_host(container_hub, LOGS, "docker", name=container_hub.container_name)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("status: running, exit code: 0, restarts: 0\n"), shown.stdout
    assert re.search(r"^\[[DIWE] \d{4}-\d\d-\d\d [^\]]* JupyterHub ", shown.stdout, re.M)


# ------------------------------------------------------------------ login-fails


def test_login_commands(container_hub, service_hub):
    hub = container_hub
    refused = UserClient(hub)
    refused.login("carol", "a-wrong-password")
    assert not refused.logged_in, refused.trail()
    welcome = UserClient(hub)
    welcome.login("you")
    assert welcome.logged_in, welcome.trail()

    lines = on_host(hub, LOGINS, "docker", name=hub.container_name)
    assert lines.returncode == 0, lines.stderr
    assert "Using Authenticator: jupyterhub.auth.DummyAuthenticator" in lines.stdout
    assert re.search(r"Failed login for '?carol'?", lines.stdout), lines.stdout
    assert "User logged in: you" in lines.stdout, lines.stdout
    assert DEBUG_LINE.search(hub.hub_log()), "the debug fragment set no debug level"

    token = admin_token(hub)
    known = run(hub, API, "user", "-you", token=token, name="you")
    model, status = body_and_status(known.stdout)
    assert status == 200, known.output
    model = json.loads(model)
    assert model["name"] == "you" and model["admin"] is False, model
    unknown = run(hub, API, "user", "-carol", token=token, name="carol")
    assert body_and_status(unknown.stdout)[1] == 404, unknown.output
    admin = run(hub, API, "user", "-alice", token=token, name=ADMIN)
    assert json.loads(body_and_status(admin.stdout)[0])["admin"] is True, admin.output

    hops = run(hub, BROWSER, "redirects")
    assert re.fullmatch(
        r"200 after [12] redirects: http://127\.0\.0\.1:8000/hub/login\S*\n", hops.stdout
    ), hops.output

    # The same lines from the journal of a hub run by systemd.
    welcome = UserClient(service_hub)
    welcome.login("you")
    assert welcome.logged_in, welcome.trail()
    journal = run(service_hub, LOGINS, "journal")
    assert journal.exit_code == 0, journal.output
    assert "Using Authenticator: jupyterhub.auth.DummyAuthenticator" in journal.stdout
    assert "User logged in: you" in journal.stdout, journal.output


# ------------------------------------------------------------------ server-does-not-start


def test_server_commands(container_hub):
    hub = container_hub
    token = admin_token(hub)
    UserClient.with_server(hub, "you")

    # LocalProcessSpawner: the server's own lines are in the hub's log, at debug level
    # with the guide's --debug argument.
    log = on_host(hub, LOGS, "docker", "-server", name=hub.container_name, lines="400")
    assert re.search(r"^\[D [^\]]*(ServerApp|SingleUser)", log.stdout, re.M), log.stdout

    model = run(hub, API, "user", "-running", token=token, name="you")
    server = json.loads(body_and_status(model.stdout)[0])["servers"][""]
    assert server["ready"] is True and server["pending"] is None, server
    assert server["url"] == "/user/you/", server
    ready = run(hub, API, "progress", "-ready", token=token, name="you")
    assert re.search(r'^data: \{.*"ready": true', ready.stdout, re.M), ready.output
    assert "Server ready at /user/you/" in ready.stdout, ready.output

    env = run(hub, SERVER, "env", name="you")
    assert env.exit_code == 0, env.output
    assert re.search(
        r"^JUPYTERHUB_SERVICE_URL=http://127\.0\.0\.1:\d+/user/you/$", env.stdout, re.M
    )
    assert "JUPYTERHUB_API_TOKEN=[hidden]" in env.stdout.splitlines(), env.output
    assert not HIDDEN_TOKEN.search(env.stdout), "a token is shown"

    # A start that fails: no account of that name on the machine.
    UserClient.with_failed_spawn(hub, "zed")
    failed = run(hub, API, "progress", "-failed", token=token, name="zed")
    assert re.search(r'^data: \{.*"failed": true', failed.stdout, re.M), failed.output
    assert '"Spawn failed: ' in failed.stdout, failed.output
    model = run(hub, API, "user", "-failed", token=token, name="zed")
    assert json.loads(body_and_status(model.stdout)[0])["servers"] == {}, model.output

    # bob's server by hand, as the guide runs it; it answers where the hub would look.
    by_hand = Foreground(hub, with_parameters(section(SERVER, "by-hand"), name="bob"), "by-hand")
    try:
        printed = by_hand.wait_for(r"is running at", timeout=60)
        probe = run(hub, SERVER, "probe", name="bob")
        body, status = body_and_status(probe.stdout)
        assert status == 200 and "version" in json.loads(body), probe.output
        assert DEBUG_LINE.search(printed), printed
    finally:
        try:
            printed = by_hand.stop()
        except Exception:  # it ended by itself: its output says why
            printed = by_hand.output()
        keep("server-does-not-start/server.sh-by-hand", printed)


def test_user_image_versions(container_hub):
    shown = on_host(container_hub, SERVER, "image-versions", image=container_hub.image)
    assert shown.returncode == 0, shown.stderr
    assert f"jupyterhub {HUB_VERSION}" in shown.stdout.splitlines(), shown.stdout
    assert re.search(r"^jupyter_server 2\.\d+", shown.stdout, re.M), shown.stdout


def test_spawner_debug_only_sets_the_variable(service_hub):
    hub = service_hub
    UserClient.with_server(hub, "alice")
    env = run(hub, SERVER, "env", "-spawner-debug", name="alice")
    assert "JUPYTERHUB_DEBUG=1" in env.stdout.splitlines(), env.output
    log = hub.singleuser_log("alice")
    keep("server-does-not-start/alice-with-spawner-debug.log", log)
    assert "is running at" in log, log
    assert not DEBUG_LINE.search(log), log  # Jupyter Server 2 does not read it


# ------------------------------------------------------------------ routing-and-proxy


def test_routing_commands(container_hub):
    hub = container_hub
    token = admin_token(hub)
    UserClient.with_server(hub, "dave")

    # configurable-http-proxy stores paths without their trailing slash; the hub's view
    # has them with it, and leaves out routes it did not add.
    table = routes_of(run(hub, ROUTES, "proxy-table").stdout)
    assert "/" in table and "/user/dave" in table, table
    target = table["/user/dave"]["target"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", target), table
    assert table["/user/dave"]["user"] == "dave", table
    same = routes_of(run(hub, ROUTES, "hub-table", token=token).stdout)
    assert "/" in same and same["/user/dave/"]["target"] == target, (same, table)

    front = run(hub, HOPS, "front", url="http://127.0.0.1:8000/user/dave/api")
    assert re.search(r"^HTTP/1\.1 200", front.stdout, re.M), front.output
    assert re.search(rf"(?im)^x-jupyterhub-version: {re.escape(HUB_VERSION)}", front.stdout)
    direct = run(hub, HOPS, "target", target=target, path="/user/dave/api")
    assert re.search(r"^HTTP/1\.1 200", direct.stdout, re.M), direct.output

    # The proxy's debug line for each request it forwards.
    proxy_log = ANSI.sub("", hub.proxy_log())
    assert re.search(r"debug: PROXY WEB /user/dave/api to http://127\.0\.0\.1:\d+", proxy_log)

    # Test-only: the route lost, as when the proxy restarted on its own.
    hub.exec(
        "pid=$(pgrep -o -f 'node.*[c]onfigurable-http-proxy')\n"
        "t=$(tr '\\0' '\\n' < /proc/$pid/environ | sed -n 's/^CONFIGPROXY_AUTH_TOKEN=//p')\n"
        'curl -sf -X DELETE -H "Authorization: token $t" http://127.0.0.1:8001/api/routes/user/dave',
        record=False,
    ).check()
    assert "/user/dave" not in routes_of(run(hub, ROUTES, "proxy-table", "-lost").stdout)
    lost = run(hub, HOPS, "front", "-lost", url="http://127.0.0.1:8000/user/dave/api")
    assert not re.search(r"^HTTP/1\.1 200", lost.stdout, re.M), lost.output

    resync = run(hub, ROUTES, "resync", token=token)
    assert resync.stdout.strip() == "HTTP 200", resync.output
    deadline = time.monotonic() + 10
    while "/user/dave" not in routes_of(run(hub, ROUTES, "proxy-table", "-resynced").stdout):
        assert time.monotonic() < deadline, "the hub did not add the route again"
        time.sleep(0.5)
    again = run(hub, HOPS, "front", "-resynced", url="http://127.0.0.1:8000/user/dave/api")
    assert re.search(r"^HTTP/1\.1 200", again.stdout, re.M), again.output
