"""reverse-proxy/gateway-502-504: Debian's nginx in front of a real hub. nginx's own 502
(the page's configuration with a port where nothing listens; then configurable-http-proxy
killed under the page's fixed configuration, until the hub starts it again) and its 504
(the page's configuration with a read timeout of 3 s, and a login that takes 6 s, as
against a slow LDAP or OAuth server). Then the page's fix, end to end: the slow
login, a spawn through nginx, the server. scenario.yaml cannot put a server in front of the hub."""

from __future__ import annotations

import time

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.front import KINDS, FrontServer
from tests.hub.processes import is_proxy, listeners
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "gateway-502-504"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"

# Test-only: a login that takes 6 s, as against a slow LDAP or OAuth server.
SLOW_LOGIN = """\
import asyncio
from jupyterhub.auth import DummyAuthenticator

class SlowAuthenticator(DummyAuthenticator):
    async def authenticate(self, handler, data):
        await asyncio.sleep(6)
        return await super().authenticate(handler, data)

c.JupyterHub.authenticator_class = SlowAuthenticator
"""


def answers(client, path: str, status: int, timeout: float = 30) -> None:
    """Until a GET of ``path`` through nginx answers ``status`` (nginx's new workers after
    a reload; the hub's proxy after its restart)."""
    deadline = time.monotonic() + timeout
    while client.get(path).status != status:
        assert time.monotonic() < deadline, client.trail(3)
        time.sleep(0.5)


def front_log(front) -> str:
    return front.error_log() + "\n" + front.access_log()


@pytest.mark.reproduces(
    "gateway-502-504",
    "browser-502",
    "front-refused",
    "hub-proxy-stopped",
    "browser-504",
    "front-timed-out",
)
def test_nginx_502_and_504(hub_factory, symptoms, tmp_path):
    slow = scratch_fragment(tmp_path, "slow-login", SLOW_LOGIN)
    hub = hub_factory([slow], publish=(80,), authenticator=None).start()
    front = FrontServer(hub, "nginx")

    # 502: the wrong port.
    installed = front.install(fragment(f"{FOLDER}/broken-port.nginx.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    client = UserClient(front.url)
    page = client.get("hub/login")
    assert page.status == 502, client.trail()
    shown = exec_section(hub, CHECK, "nginx-upstream")
    assert "proxy_pass http://127.0.0.1:8080;" in shown.stdout, shown.output
    shown = exec_section(hub, CHECK, "listeners")
    assert ":8000 " in shown.stdout and ":8080" not in shown.stdout, shown.output
    shown = exec_section(hub, CHECK, "hop")
    assert shown.stdout.strip() == "200", shown.output
    shown = exec_section(hub, CHECK, "error-log")
    assert "connect() failed (111: Connection refused)" in shown.stdout, shown.output
    print("\n--- wrong port: error.log\n" + front.error_log())

    # The fix in place: pages answer.
    hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
    reloaded = exec_section(hub, FIX, "reload-nginx")
    assert reloaded.exit_code == 0, reloaded.output
    answers(client, "hub/login", 200, timeout=10)

    # 502 again while configurable-http-proxy is down, until the hub starts it again.
    errors_before = len(front.error_log())
    ss = hub.exec("ss -ltnp", record=False).check().stdout
    (proxy,) = [one for one in listeners(ss).get(8000, []) if is_proxy(hub, one)]
    hub.exec(f"kill -9 {proxy[1]}").check()
    down = client.get("hub/login")
    assert down.status == 502, client.trail(2)
    print("--- proxy down: error.log\n" + front.error_log()[errors_before:])
    hub.wait_for_log(r"Proxy stopped with exit code", source="hub", timeout=20)
    answers(client, "hub/login", 200)

    # 504: a read timeout shorter than a slow login.
    installed = front.install(fragment(f"{FOLDER}/broken-timeout.nginx.conf"))
    assert installed.exit_code == 0, installed.output
    assert front.reload().exit_code == 0
    time.sleep(1)  # nginx's new workers take over
    login = client.login("you")
    assert login.status == 504 and login.method == "POST", client.trail(3)
    symptoms.all_seen_soon(lambda: {**hub.observed(client), "front-log": front_log(front)})
    shown = exec_section(hub, CHECK, "error-log")
    assert "upstream timed out (110: Connection timed out)" in shown.stdout, shown.output
    print("--- timeout: error.log\n" + front.error_log()[-1500:])
    print("--- the user saw\n" + client.transcript()[-2500:])

    # The page's fix, end to end: a new login and a slow spawn through nginx.
    hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
    reloaded = exec_section(hub, FIX, "reload-nginx")
    assert reloaded.exit_code == 0, reloaded.output
    shown = exec_section(hub, CHECK, "nginx-upstream")
    assert "proxy_read_timeout 300s;" in shown.stdout, shown.output
    time.sleep(1)  # nginx's new workers take over
    errors_before, access_before = len(front.error_log()), len(front.access_log())
    hub_before = len(hub.hub_log())
    fixed = UserClient(front.url, timeout=30)
    login = fixed.login("you")
    assert login.status == 200 and fixed.logged_in, fixed.trail()
    spawn = fixed.spawn("you", timeout=60)
    assert spawn.ready, fixed.trail()
    assert fixed.working_server("you"), fixed.trail(4)
    symptoms.all_gone(
        {
            "browser": fixed.transcript(),
            "front-log": front.error_log()[errors_before:] + front.access_log()[access_before:],
            "hub-log": hub.hub_log()[hub_before:],
        }
    )


APACHE = """\
<VirtualHost *:80>
    ServerName hub.example.org
    ErrorLog ${{APACHE_LOG_DIR}}/error.log
    CustomLog ${{APACHE_LOG_DIR}}/access.log combined
    ProxyPreserveHost On
    ProxyPass / http://127.0.0.1:{port}/ upgrade=websocket{timeout}
    ProxyPassReverse / http://127.0.0.1:{port}/
</VirtualHost>
"""


def test_apache_says_503_and_502_for_the_same(hub_factory, tmp_path):
    # The page's sentence on Apache: a refused connection is a 503, its read timeout a
    # 502 Proxy Error.
    slow = scratch_fragment(tmp_path, "slow-login", SLOW_LOGIN)
    hub = hub_factory([slow], publish=(80,), authenticator=None).start()
    front = FrontServer(hub, "apache")
    installed = front.install_text(APACHE.format(port=8080, timeout=""))
    assert installed.exit_code == 0, installed.output
    front.start()
    client = UserClient(front.url)
    refused = client.get("hub/login")
    assert refused.status == 503 and "Service Unavailable" in refused.body, client.trail()
    print("\n--- apache refused:", front.error_log()[-800:])
    installed = front.install_text(APACHE.format(port=8000, timeout=" timeout=3"))
    assert installed.exit_code == 0, installed.output
    assert front.reload().exit_code == 0
    time.sleep(1)
    answers(client, "hub/login", 200, timeout=10)
    login = client.login("you")
    assert login.status == 502 and "Proxy Error" in login.body, client.trail(3)
    print("--- apache timeout:", front.error_log()[-800:])
