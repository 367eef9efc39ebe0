"""singleuser/server-proxy-apps-fail: apps behind jupyter-server-proxy (in the user image
`server-proxy`) whose command is missing, exits at once, listens too late, or gets the
wrong path; and what /proxy/<port>/ reaches on a shared machine. The server's own config
file, requests to each app, and another user's process are what scenario.yaml cannot stage."""

from __future__ import annotations

import re

import pytest

from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "server-proxy-apps-fail"
FOLDER = f"singleuser/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
TRY = f"{FOLDER}/try-app.sh"
# Where the page tells readers to put ServerProxy.servers: read by every user's server.
SERVER_CONFIG = "/etc/jupyter/jupyter_server_config.py"


@pytest.mark.reproduces(
    "server-proxy-apps-fail",
    "could-not-start",
    "readyness-false",
    "app-exited",
    "command-not-found",
    "page-does-not-exist",
)
def test_server_proxy_apps_fail(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{FOLDER}/debug.py")], user_image="server-proxy")
    hub.start()
    installed = exec_section(hub, f"{FOLDER}/app.sh", "install")
    assert installed.exit_code == 0, installed.output
    hub.write_file(SERVER_CONFIG, section(f"{FOLDER}/server-config.txt", "broken"))
    user = UserClient.with_server(hub, "you")
    user.timeout = 40
    mark = hub.mark()

    # Each app fails in its own way; the server itself works.
    assert user.get("user/you/dashboard/").status == 500, user.trail()  # not on PATH
    hub.wait_for_log(
        r"FileNotFoundError: \[Errno 2\] No such file or directory: 'dashboard'",
        10,
        "singleuser:you",
        since=mark,
    )
    report = user.get("user/you/report/")  # exits at once, restarted until the timeout
    assert report.status == 500 and report.seconds >= 5, user.trail()
    slow = user.get("user/you/maps/")  # listens after 10 s, the timeout is 5
    assert slow.status == 500 and slow.seconds < 9, user.trail()
    assert "could not start maps in time" in user.transcript()
    docs = user.get("user/you/docs/")  # absolute_url: the app is sent /user/you/docs/
    assert docs.status == 404 and "File not found" in docs.body, user.trail()
    hub.wait_for_log(r'"GET /user/you/docs/ HTTP/1\.1" 404', 10, "singleuser:you", since=mark)
    wrong = user.get("user/you/Docs/")  # no app of that name: the server's own 404
    assert wrong.status == 404, user.trail()
    nothing = user.get("user/you/proxy/8050/")  # nothing listens on that port
    assert nothing.status == 500, user.trail()
    hub.wait_for_log(
        r"ConnectionRefusedError: \[Errno 111\] Connection refused",
        10,
        "singleuser:you",
        since=mark,
    )
    assert user.get("user/you/api/status").status == 200, user.trail()
    symptoms.all_seen(hub.observed(user, since=mark))

    # Diagnosis: the command is not on the server's PATH; run by hand, one app exits at
    # once and the other needs about 10 s.
    path = exec_section(hub, CHECK, "path", name="you", app="dashboard")
    assert "dashboard: not found on the server's PATH" in path.stdout, path.output
    path = exec_section(hub, CHECK, "path", name="you", app="/opt/dashboard/bin/dashboard")
    assert path.stdout.strip().endswith("/opt/dashboard/bin/dashboard"), path.output
    exits = exec_section(
        hub, TRY, "by-hand", name="you", port="8050", app="python3 -m http.server --port 8050"
    )
    assert "the app exited with code 2 within 1 s" in exits.stdout, exits.output
    assert "unrecognized arguments: --port" in exits.stderr, exits.output
    late = exec_section(
        hub,
        TRY,
        "by-hand",
        name="you",
        port="8050",
        app="sh -c 'sleep 10 && exec python3 -m http.server 8050 --bind 127.0.0.1'",
    )
    assert re.search(r"the app listens on port 8050 after 1[01] s", late.stdout), late.output

    # /proxy/<port>/ reaches any port of the machine: here another user's app.
    hub.exec(
        "echo 'alice: private notes' > /home/alice/notes.txt && chmod 600 /home/alice/notes.txt"
        " && cd /home/alice && (setsid python3 -m http.server 8050 --bind 127.0.0.1"
        " >/dev/null 2>&1 & echo $! > /tmp/alice-app.pid)",
        user="alice",
    ).check()
    # The app was started in the background: wait until it listens (python's start-up is
    # slow on a busy machine).
    hub.exec(
        "for _ in $(seq 100); do ss -ltn | grep -q '127.0.0.1:8050 ' && exit 0; sleep 0.2; done;"
        " exit 1",
        record=False,
    ).check()
    listeners = exec_section(hub, CHECK, "listeners")
    assert "127.0.0.1:8050" in listeners.stdout, listeners.output
    leak = user.get("user/you/proxy/8050/notes.txt")
    assert leak.status == 200 and "alice: private notes" in leak.body, user.trail()
    hub.exec('kill "$(cat /tmp/alice-app.pid)"', user="root").check()

    # The fix: the server's config corrected, the server restarted.
    hub.write_file(SERVER_CONFIG, section(f"{FOLDER}/server-config-fix.txt", "fix"))
    hub.stop_server("you")
    mark = hub.mark()
    fixed = UserClient.with_server(hub, "you")
    fixed.timeout = 40
    for app in ("dashboard", "report", "maps", "docs"):
        hop = fixed.get(f"user/you/{app}/")
        assert hop.status == 200, fixed.trail()
    token = hub.api("POST", "users/you/tokens", json={"note": "verify"}).json()["token"]
    verify = exec_section(
        hub, f"{FOLDER}/verify.sh", "verify", env={"JUPYTERHUB_API_TOKEN": token}, name="you"
    )
    expected = "dashboard 200\nreport 200\nmaps 200\ndocs 200"
    assert verify.stdout.strip() == expected, verify.output
    symptoms.all_gone(hub.observed(fixed, since=mark))


def test_proxy_not_installed_in_server_env(hub_factory):
    """The page's other cause of the server's own 404: jupyter-server-proxy missing from
    the environment the server runs in (the hub image has none)."""
    hub = hub_factory()
    hub.start()
    user = UserClient.with_server(hub, "you")
    missing = user.get("user/you/proxy/8050/")
    assert missing.status == 404, user.trail()
    assert "You are requesting a page that does not exist!" in user.transcript()
