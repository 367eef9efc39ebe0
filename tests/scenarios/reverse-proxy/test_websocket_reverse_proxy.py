"""reverse-proxy/websocket-reverse-proxy: Debian's nginx and Apache in front of a real hub,
with the page's broken configuration and then its fix, and Caddy with the page's plain
one. Chromium opens the kernel's websocket itself (its handshake, its console message);
the page's check and reload commands run on the hub's machine, where the reverse proxy
runs. scenario.yaml cannot put a server in front of the hub or drive a browser."""

from __future__ import annotations

import pytest

from tests.hub.chromium import HubBrowser
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment

pytestmark = pytest.mark.scenario

ENTRY = "websocket-reverse-proxy"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"


def seen(hub, front, socket) -> dict[str, str]:
    return {
        **hub.observed(),
        "browser": "\n".join(socket.console),
        "front-log": front.access_log(),
    }


def broken_then_fixed(hub_factory, symptoms, kind: str, check_section: str, reload: str):
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, kind)
    installed = front.install(fragment(f"{FOLDER}/broken.{kind}.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    access_log = KINDS[kind].access_log
    with HubBrowser(front.url) as browser:
        browser.login("you")
        browser.spawn("you")
        socket = browser.kernel_websocket("you")
        assert not socket.opened, socket
        symptoms.all_seen_soon(lambda: seen(hub, front, socket))
        # The page's first step shows the 400s; its second, a configuration without the
        # websocket lines.
        shown = exec_section(hub, CHECK, "access-log", log=access_log)
        assert "/channels?session_id=" in shown.stdout and '" 400 ' in shown.stdout, shown.output
        diagnosis = exec_section(hub, CHECK, check_section)
        assert "upgrade" not in diagnosis.stdout.lower(), diagnosis.output

        # The fix: the page's file in place, then its reload command.
        hub.write_file(KINDS[kind].site, fragment(f"{FOLDER}/fix.{kind}.conf").read_text())
        reloaded = exec_section(hub, FIX, reload)
        assert reloaded.exit_code == 0, reloaded.output
        diagnosis = exec_section(hub, CHECK, check_section)
        assert "upgrade" in diagnosis.stdout.lower(), diagnosis.output
        socket = browser.kernel_websocket("you")
        assert socket.opened, socket
        assert socket.console == [], socket.console
        # The page's "check that it worked": the new websocket is a 101 in the access log.
        session = socket.url.rsplit("session_id=", 1)[1]
        shown = exec_section(hub, CHECK, "access-log", log=access_log)
        assert f'channels?session_id={session} HTTP/1.1" 101' in shown.stdout, shown.output


@pytest.mark.reproduces(
    "websocket-reverse-proxy", "browser-handshake-400", "channels-400", "front-access-400"
)
def test_nginx_without_the_upgrade_headers_refuses_kernels(hub_factory, symptoms):
    broken_then_fixed(hub_factory, symptoms, "nginx", "nginx-headers", "reload-nginx")


def test_apache_without_upgrade_websocket_refuses_kernels(hub_factory):
    # Apache's access line is the nginx symptom's format too; the page says so. Its 400
    # and the browser's message are checked here by the same steps.
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, "apache")
    assert front.install(fragment(f"{FOLDER}/broken.apache.conf")).exit_code == 0
    front.start()
    with HubBrowser(front.url) as browser:
        browser.login("you")
        browser.spawn("you")
        socket = browser.kernel_websocket("you")
        assert not socket.opened and any(
            "Unexpected response code: 400" in line for line in socket.console
        ), socket
        shown = exec_section(hub, CHECK, "access-log", log=KINDS["apache"].access_log)
        assert '" 400 ' in shown.stdout, shown.output
        hub.write_file(KINDS["apache"].site, fragment(f"{FOLDER}/fix.apache.conf").read_text())
        reloaded = exec_section(hub, FIX, "reload-apache")
        assert reloaded.exit_code == 0, reloaded.output
        diagnosis = exec_section(hub, CHECK, "apache-proxy")
        assert "upgrade=websocket" in diagnosis.stdout, diagnosis.output
        socket = browser.kernel_websocket("you")
        assert socket.opened, socket


def test_caddy_passes_websockets_with_a_plain_reverse_proxy(hub_factory):
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, "caddy")
    installed = front.install(fragment(f"{FOLDER}/fix.Caddyfile"))
    assert installed.exit_code == 0, installed.output
    front.start()
    with HubBrowser(front.url) as browser:
        browser.login("you")
        browser.spawn("you")
        socket = browser.kernel_websocket("you")
        assert socket.opened, socket
