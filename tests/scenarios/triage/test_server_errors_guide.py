"""The triage guide docs/triage/server-errors.md: every command it shows, run on a real hub.

The guide is no entry: it reproduces no symptom, so nothing here is claimed with
``reproduces``. One hub serves every section: LocalProcessSpawner with the user image
``kernel`` (ipykernel, so that kernels start), the guide's debug fragment, ``alice`` an
admin. The sections the guide runs "in a terminal of the user's server" run here as the
user, in their home, with the environment of their running server's process (read from
/proc): what the server hands its terminals and kernels. The token "made at /hub/token" is
made as that page makes it: the logged-in user's POST to /hub/api/users/<name>/tokens.

Each section's output is kept in .artefacts/hub/triage-server-errors/ (what the page
quotes).
"""

from __future__ import annotations

import base64
import json
import re

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment, section, with_parameters
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION
from tests.scenarios.triage.guide_steps import ANSI, DEBUG_LINE, GuideSteps

pytestmark = pytest.mark.scenario

GUIDE = "triage/server-errors"
BROWSER = f"{GUIDE}/browser.sh"
INSIDE = f"{GUIDE}/inside.sh"
WEBSOCKET = f"{GUIDE}/websocket.sh"
DEBUG = fragment(f"{GUIDE}/debug.py")
# The other guide's sections this one shows again (the admin's token, the user's model).
API = "triage/server-does-not-start/api.sh"
SPAWNER_DEBUG = fragment("triage/server-does-not-start/spawner-debug.py")

USER = "you"
ADMIN = "alice"
PUBLIC = "http://127.0.0.1:8000"
TEST_CONFIG = f"""
c.Authenticator.admin_users = {{{ADMIN!r}}}
# Test-only: the servers tell the hub of their activity every 2 s instead of every 5 min.
c.Spawner.environment = {{"JUPYTERHUB_ACTIVITY_INTERVAL": "2"}}
"""


STEPS = GuideSteps("triage-server-errors")
keep, run = STEPS.keep, STEPS.run


def server_environment(hub, user: str) -> dict[str, str]:
    """The environment of the user's running server, as its terminals get it."""
    read = hub.exec(
        f"pid=$(pgrep -o -u {user} -f '[j]upyterhub-singleuser') && base64 -w0 /proc/$pid/environ",
        user=user,
        record=False,
    )
    assert read.exit_code == 0, read.output
    pairs = base64.b64decode(read.stdout).decode().split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def in_terminal(hub, rel: str, name: str, label: str = "", /, **values):
    """A section as the user types it in a terminal of their server: as the user, in their
    home, with the server's environment; its output kept."""
    env = server_environment(hub, USER)
    script = with_parameters(section(rel, name), **values)
    result = hub.exec(
        f'# snippets/{rel} [{name}] in {USER}\'s terminal\ncd "$HOME"\nset -e\n{script}',
        user=USER,
        env=env,
        timeout=90,
    )
    keep(
        f"{rel.rsplit('/', 1)[1]}-{name}-terminal{label}",
        f"exit {result.exit_code}\n{result.output}",
    )
    return result


def answers(output: str) -> dict[str, tuple[str, int]]:
    """The api section's output: each path's body and HTTP status."""
    found = re.findall(r"^== (\S+)\n(.*?)\nHTTP (\d{3})$", output, re.M | re.S)
    return {path: (body, int(status)) for path, body, status in found}


def user_token(hub) -> str:
    """A token of the user's, made as /hub/token makes it (the page's own API request, with
    the user's login cookie and the hub's _xsrf)."""
    browser = UserClient(hub)
    browser.login(USER)
    assert browser.logged_in, browser.trail()
    path = f"hub/api/users/{USER}/tokens"
    made = browser.request(
        "POST",
        path,
        follow=False,
        json={"note": "triage guide", "expires_in": 3600},
        headers={"X-XSRFToken": browser.xsrf_for(path) or ""},
    )
    assert made.status == 201, f"{made}\n{made.body[:500]}"
    return json.loads(made.body)["token"]


def admin_token(hub) -> str:
    """The other guide's token section, in the hub's directory: an admin's token."""
    script = with_parameters(section(API, "token"), admin=ADMIN)
    made = hub.exec(f"set -e\n{script}\nprintf '%s\\n' \"$JUPYTERHUB_API_TOKEN\"", timeout=90)
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{32,}", token), made.output
    return token


@pytest.fixture(scope="module")
def own_config(tmp_path_factory):
    return scratch_fragment(tmp_path_factory.mktemp("server-errors"), "admin-activity", TEST_CONFIG)


@pytest.fixture(scope="module")
def hub(module_hub_factory, own_config):
    hub = module_hub_factory([DEBUG, own_config], user_image="kernel")
    hub.start()
    UserClient.with_server(hub, USER)
    return hub


@pytest.fixture(scope="module")
def token(hub) -> str:
    return user_token(hub)


def test_server_log_at_debug_level_and_activity(hub):
    # --debug in Spawner.args: the server's own debug lines, among them each report of
    # activity to the hub.
    hub.wait_for_log(r"Notifying Hub of activity", source=f"singleuser:{USER}", timeout=30)
    log = hub.singleuser_log(USER)
    keep("server-log-debug", log)
    assert DEBUG_LINE.search(log), log
    assert re.search(r"^\[D [^\]]*\] Notifying Hub of activity \d{4}-", log, re.M), log

    # The hub has the activity: the user's model, as the other guide's section asks for it.
    admin = admin_token(hub)
    model = run(hub, API, "user", "-activity", token=admin, name=USER)
    body = re.search(r"^(.*)\nHTTP (\d{3})\s*$", model.stdout, re.S)
    assert body and body.group(2) == "200", model.output
    server = json.loads(body.group(1))["servers"][""]
    assert server["ready"] is True and server["last_activity"], server


def test_who_answered(hub, token):
    hub_page = run(hub, BROWSER, "who", "-hub-404", token=token, url=f"{PUBLIC}/hub/no-such-page")
    assert re.search(r"^HTTP/1\.1 404", hub_page.stdout, re.M), hub_page.output
    assert re.search(rf"(?im)^x-jupyterhub-version: {re.escape(HUB_VERSION)}$", hub_page.stdout)
    assert "<title>JupyterHub</title>" in hub_page.stdout, hub_page.output

    server_page = run(
        hub, BROWSER, "who", "-server-404", token=token, url=f"{PUBLIC}/user/{USER}/no-such-page"
    )
    assert re.search(r"^HTTP/1\.1 404", server_page.stdout, re.M), server_page.output
    assert re.search(rf"(?im)^x-jupyterhub-version: {re.escape(HUB_VERSION)}$", server_page.stdout)
    title = re.search(r"<title>([^<]*)</title>", server_page.stdout)
    assert title and "JupyterHub" not in title.group(1), server_page.output

    # Without a token: the user's server sends the request for a page it has to the hub's
    # login (OAuth). (A path it does not have is a 404 before any login.)
    anonymous = run(
        hub, BROWSER, "who", "-no-token", token="", url=f"{PUBLIC}/user/{USER}/files/hello.txt"
    )
    assert re.search(r"^HTTP/1\.1 302", anonymous.stdout, re.M), anonymous.output
    assert re.search(r"(?im)^location: \S*/hub/api/oauth2/authorize\?", anonymous.stdout)


def test_commands_in_the_users_terminal(hub):
    shown = in_terminal(hub, INSIDE, "api")
    assert shown.exit_code == 0, shown.output
    got = answers(shown.stdout)
    body, status = got["api/status"]
    assert status == 200, shown.output
    assert {"started", "last_activity", "kernels", "connections"} <= set(json.loads(body))
    body, status = got["api/kernels"]
    assert status == 200 and isinstance(json.loads(body), list), shown.output
    body, status = got["api/terminals"]
    assert status == 200 and isinstance(json.loads(body), list), shown.output

    extensions = in_terminal(hub, INSIDE, "extensions")
    assert extensions.exit_code == 0, extensions.output
    listed = ANSI.sub("", extensions.stdout)  # enabled and OK in colour
    assert re.search(r"^ +jupyter_server_terminals enabled$", listed, re.M), extensions.output
    assert re.search(r"^ +jupyter_server_terminals \d[\w.]* OK$", listed, re.M), extensions.output

    specs = in_terminal(hub, INSIDE, "kernelspecs")
    assert specs.exit_code == 0, specs.output
    assert re.search(r"^\s+python3\s+/\S+/kernels/python3$", specs.stdout, re.M), specs.output

    home = in_terminal(hub, INSIDE, "home")
    assert home.exit_code == 0, home.output
    assert f"/home/{USER}: writable by {USER}" in home.stdout.splitlines(), home.output
    assert re.search(r"^Filesystem +Size +Used +Avail", home.stdout, re.M), home.output
    assert re.search(r"^Filesystem +Inodes +IUsed +IFree", home.stdout, re.M), home.output
    assert re.search(rf"^drwx\S* +\d+ {USER} ", home.stdout, re.M), home.output

    versions = in_terminal(hub, INSIDE, "versions")
    assert versions.exit_code == 0, versions.output
    lines = versions.stdout.splitlines()
    assert f"jupyterhub {HUB_VERSION}" in lines, versions.output
    assert re.search(r"^jupyter_server 2\.\d+", versions.stdout, re.M), versions.output
    assert re.search(r"^ipykernel \d", versions.stdout, re.M), versions.output
    assert "jupyterlab not installed" in lines, versions.output  # the test image has none


def test_server_api_from_outside_with_the_users_token(hub, token):
    # The token pasted at the token section's prompt, then the api section in the same
    # shell, as a reader runs them one after the other.
    script = section(INSIDE, "token") + with_parameters(
        section(INSIDE, "api"), server=f"{PUBLIC}/user/{USER}/"
    )
    hub.write_file("/tmp/triage-outside.sh", f"set -e\n{script}")
    hub.write_file("/tmp/triage-pasted", f"{token}\n")
    shown = hub.exec("sh /tmp/triage-outside.sh < /tmp/triage-pasted", record=False)
    keep("inside.sh-token-api-outside", f"exit {shown.exit_code}\n{shown.output}")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Token from /hub/token: \n== api/status\n"), shown.output
    assert token not in shown.output, "the pasted token is shown"
    got = answers(shown.stdout)
    assert got["api/status"][1] == 200, shown.output
    assert got["api/kernels"][1] == 200, shown.output


def kernels_started(output: str) -> list[str]:
    return re.findall(r"^kernel started: (\S+) \(python3\)$", output, re.M)


def test_kernel_websocket_end_to_end(hub, token):
    # Through the proxy, as the browser reaches it, with the user's token.
    outside = run(hub, WEBSOCKET, "kernel", "-proxy", token=token, server=f"{PUBLIC}/user/{USER}/")
    assert outside.exit_code == 0, outside.output
    assert re.search(
        rf"^websocket open: ws://127\.0\.0\.1:8000/user/{USER}/api/kernels/\S+/channels$",
        outside.stdout,
        re.M,
    ), outside.output
    assert re.search(r"^kernel_info_reply: ok, ipython \S+, python$", outside.stdout, re.M)
    started = kernels_started(outside.stdout)
    assert len(started) == 1 and f"kernel shut down: {started[0]}" in outside.stdout

    # In the user's terminal, past the proxy: the server's own address.
    env = server_environment(hub, USER)
    inside = in_terminal(hub, WEBSOCKET, "kernel", server=env["JUPYTERHUB_SERVICE_URL"])
    assert inside.exit_code == 0, inside.output
    assert re.search(r"^kernel_info_reply: ok, ", inside.stdout, re.M), inside.output
    started += kernels_started(inside.stdout)

    # The kernels it started are gone again.
    listed = in_terminal(hub, INSIDE, "api", "-after-kernels")
    kernels = json.loads(answers(listed.stdout)["api/kernels"][0])
    assert not {k["id"] for k in kernels} & set(started), kernels

    # A token the server does not accept: no kernel, and the status says why.
    refused = run(
        hub, WEBSOCKET, "kernel", "-bad-token", token="not-a-token", server=f"{PUBLIC}/user/{USER}/"
    )
    assert refused.exit_code == 1, refused.output
    assert re.search(r"/api/kernels: HTTP 403 \(no kernel started\)", refused.stderr), (
        refused.output
    )


def test_spawner_debug_still_sets_no_debug_level(hub, own_config):
    # The page's warning, re-checked: c.Spawner.debug instead of the --debug argument.
    hub.reconfigure([SPAWNER_DEBUG, own_config])
    hub.restart()
    UserClient.with_server(hub, "bob")
    env = server_environment(hub, "bob")
    assert env.get("JUPYTERHUB_DEBUG") == "1", env
    log = hub.singleuser_log("bob")
    keep("server-log-spawner-debug", log)
    assert "is running at" in log, log
    assert not DEBUG_LINE.search(log), log
