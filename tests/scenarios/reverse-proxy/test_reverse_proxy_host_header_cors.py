"""reverse-proxy/reverse-proxy-host-header-cors: nginx (`Host $host`) and Apache (without
ProxyPreserveHost) in front of a real hub on a port that is not 80, so the Host the user's
server gets differs from the page's Origin. Chromium starts a kernel the way JupyterLab
does (fetch() from a page of the server: the browser adds Origin) and opens the kernel's
websocket; the server refuses both. Then the page's fix, and Caddy's plain site. A
scenario.yaml cannot put a server in front of the hub or drive a browser."""

from __future__ import annotations

import pytest

from tests.hub.chromium import HubBrowser
from tests.hub.config import SINGLEUSER_LOG_DIR
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment

pytestmark = pytest.mark.scenario

ENTRY = "reverse-proxy-host-header-cors"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
USER = "you"
USER_LOG = f"{SINGLEUSER_LOG_DIR}/{USER}.log"

# In a page of the user's server, as JupyterLab starts a kernel: fetch() with the
# server's _xsrf cookie in X-XSRFToken; Chromium adds the page's Origin itself.
START_KERNEL_JS = """
async ([url]) => {
  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || "";
  const r = await fetch(url, {method: "POST", body: "{}", headers: {"X-XSRFToken": xsrf}});
  return r.status;
}
"""


def start_kernel_like_lab(browser: HubBrowser) -> int:
    """The status of JupyterLab's POST /api/kernels, sent by Chromium from a page of the
    user's server (its 404 page will do: same origin, scripts allowed), once the server's
    login (OAuth) has set the user's _xsrf cookie."""
    browser.goto(browser.base + f"user/{USER}/files/hello.txt")
    browser.goto(browser.base + f"user/{USER}/tree-of-a-page")
    return browser.page.evaluate(START_KERNEL_JS, [browser.base + f"user/{USER}/api/kernels"])


def seen(hub, front, browser, since) -> dict[str, str]:
    observed = {**hub.observed(since=since), "browser": "\n".join(browser.console)}
    if front.spec.access_log:
        observed["front-log"] = front.access_log()
    return observed


def broken_then_fixed(hub_factory, symptoms, kind: str, check_section: str, reload: str):
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, kind)
    installed = front.install(fragment(f"{FOLDER}/broken.{kind}.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    with HubBrowser(front.url) as browser:
        # The hub itself works: login and spawn go through.
        browser.login(USER)
        browser.spawn(USER)
        mark = hub.mark()
        assert start_kernel_like_lab(browser) == 404
        socket = browser.kernel_websocket(USER)  # its own POST sends no Origin: a kernel
        assert socket.state == "error", socket
        if kind == "nginx":
            symptoms.all_seen_soon(lambda: seen(hub, front, browser, mark))
        else:  # the same lines, another Host: the claims are nginx's test's
            log = hub.singleuser_log(USER)
            assert "Host: 127.0.0.1:8000" in log and "Blocking Cross Origin WebSocket" in log
            assert any("Unexpected response code: 403" in line for line in socket.console)
        # The page's diagnosis: the server's refusals, then the configuration's Host.
        shown = exec_section(hub, CHECK, "server-log", log=USER_LOG)
        assert "Blocking Cross Origin API request" in shown.stdout, shown.output
        diagnosis = exec_section(hub, CHECK, check_section)
        assert diagnosis.exit_code == 0, diagnosis.output
        if kind == "nginx":
            assert "proxy_set_header Host $host;" in diagnosis.stdout, diagnosis.output
        else:
            assert "ProxyPreserveHost" not in diagnosis.stdout, diagnosis.output

        # The fix: the page's file in place, then its reload command.
        hub.write_file(KINDS[kind].site, fragment(f"{FOLDER}/fix.{kind}.conf").read_text())
        reloaded = exec_section(hub, FIX, reload)
        assert reloaded.exit_code == 0, reloaded.output
        diagnosis = exec_section(hub, CHECK, check_section)
        expected = "$http_host" if kind == "nginx" else "ProxyPreserveHost On"
        assert expected in diagnosis.stdout, diagnosis.output
        mark = hub.mark()
        browser.console.clear()
        served = len(front.access_log()) if front.spec.access_log else 0
        assert start_kernel_like_lab(browser) == 201
        socket = browser.kernel_websocket(USER)
        assert socket.opened, socket
        after = hub.observed(since=mark)
        assert "Blocking Cross Origin" not in after["singleuser-log"], after["singleuser-log"]
        if kind == "nginx":
            fixed = {
                **after,
                "browser": "\n".join(browser.console),
                "front-log": front.access_log()[served:],
            }
            symptoms.all_gone(fixed)
            session = socket.url.rsplit("session_id=", 1)[1]
            assert f'channels?session_id={session} HTTP/1.1" 101' in front.access_log()


@pytest.mark.reproduces(
    "reverse-proxy-host-header-cors",
    "api-request-blocked",
    "kernels-post-404",
    "websocket-blocked",
    "browser-handshake-403",
    "front-access-403",
)
def test_nginx_host_without_port_blocks_kernels(hub_factory, symptoms):
    broken_then_fixed(hub_factory, symptoms, "nginx", "nginx-host", "reload-nginx")


def test_apache_without_preserve_host_blocks_kernels(hub_factory):
    broken_then_fixed(hub_factory, None, "apache", "apache-host", "reload-apache")


def test_caddy_passes_the_host_on(hub_factory):
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, "caddy")
    installed = front.install(fragment(f"{FOLDER}/fix.Caddyfile"))
    assert installed.exit_code == 0, installed.output
    front.start()
    with HubBrowser(front.url) as browser:
        browser.login(USER)
        browser.spawn(USER)
        assert start_kernel_like_lab(browser) == 201
        socket = browser.kernel_websocket(USER)
        assert socket.opened, socket
