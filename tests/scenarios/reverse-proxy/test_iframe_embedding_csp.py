"""reverse-proxy/iframe-embedding-csp: a "portal" page on another port of the same machine
(a small HTTP server on the host, 127.0.0.1) shows the hub and a user's server in
<iframe>s, loaded by Debian's Chromium. The hub's default frame-ancestors 'none' blocks
both frames; the page's fix (the hub's tornado_settings and the servers' Jupyter Server
configuration) lets that one portal in. Then nginx in front of the hub with
X-Frame-Options, the hub's CSP hidden, then kept. Then a portal on another site
(http://localhost: another host than 127.0.0.1), where the hub's cookies stay out of the
frame, even marked SameSite=None; Secure, while a portal of the same site signs the user
in. A scenario.yaml cannot run a browser, a second web site or a server in front of the
hub."""

from __future__ import annotations

import http.server
import re
import threading
import time

import pytest

from tests.hub.chromium import HubBrowser
from tests.hub.config import scratch_fragment
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment

pytestmark = pytest.mark.scenario

ENTRY = "iframe-embedding-csp"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
SERVER = f"{FOLDER}/server-config.sh"
USER = "you"
HUB_INSIDE = "http://127.0.0.1:8000"  # the public port, from the hub's machine
BLOCKED = "chrome-error://"  # what Chromium puts in a frame it refuses


class Portal:
    """Another web site on this machine: one page with iframes, served on 127.0.0.1."""

    def __init__(self):
        self.html = "<!doctype html><title>portal</title><h1>portal</h1>"
        portal = self

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = portal.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def origin(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"

    def show(self, browser: HubBrowser, urls, host: str = "127.0.0.1") -> list:
        """Open the portal with one iframe per URL; the frames, once loaded."""
        self.html = "<!doctype html><title>portal</title><h1>portal</h1>" + "".join(
            f'<iframe src="{url}" width="800" height="300"></iframe>' for url in urls
        )
        browser.goto(self.origin(host) + "/", wait_until="load")
        time.sleep(1.5)  # console messages and reports trail the load event
        return [f for f in browser.page.frames if f != browser.page.main_frame]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal():
    site = Portal()
    yield site
    site.close()


def text_of(frame) -> str:
    try:
        return frame.evaluate("document.body ? document.body.innerText : ''")
    except Exception as exc:  # a frame Chromium refused may not take scripts
        return f"<{type(exc).__name__}>"


def seen_in(browser: HubBrowser, frames) -> str:
    """What the user sees: the console, then each frame's address and text."""
    lines = list(browser.console)
    for frame in frames:
        lines += [f"frame {frame.url}", text_of(frame)]
    return "\n".join(lines)


def with_portals(tmp_path, name: str, *origins: str):
    """The page's fragment with its `portals = [...]` line set to this run's portal."""
    text = fragment(f"{FOLDER}/{name}").read_text()
    line = re.compile(r'^portals = \["https://portal\.example\.org"\]$', re.M)
    assert line.search(text), f"{name}: no portals line"
    path = tmp_path / name
    path.write_text(line.sub(f"portals = {list(origins)!r}".replace("'", '"'), text))
    return path


@pytest.mark.reproduces(
    "iframe-embedding-csp",
    "frame-ancestors-none",
    "csp-report-403",
    "hub-csp-header",
    "server-csp-header",
)
def test_portal_on_another_port_cannot_frame_the_hub(hub_factory, symptoms, portal, tmp_path):
    hub = hub_factory().start()
    targets = ["hub/home", f"user/{USER}/files/hello.txt"]
    with HubBrowser(hub.url) as browser:
        browser.login(USER)
        browser.spawn(USER)
        mark = hub.mark()
        browser.console.clear()
        frames = portal.show(browser, [hub.url + t for t in targets])
        print("\n--- broken: what Chromium showed\n" + seen_in(browser, frames))
        assert len(frames) == 2 and all(f.url.startswith(BLOCKED) for f in frames), [
            f.url for f in frames
        ]
        headers = exec_section(hub, CHECK, "hub-headers", hub=HUB_INSIDE)
        server = exec_section(hub, CHECK, "server-headers", hub=HUB_INSIDE, name=USER)
        print("--- broken: check.sh\n" + headers.stdout + server.stdout)

        def seen():
            return {
                **hub.observed(since=mark),
                "browser": seen_in(browser, frames),
                "shell": headers.stdout + server.stdout,
            }

        symptoms.all_seen_soon(seen)
        # The error page's words, which the page quotes as prose (a server that is down
        # gets the same words, so they are no symptom of this page alone).
        assert all(re.search(r"^\S+ refused to connect\.?$", text_of(f), re.M) for f in frames)
        print("--- broken: hub log\n" + hub.observed(since=mark)["hub-log"][-3000:])

    # The fix: the hub's header (jupyterhub_config.py), the servers' configuration file.
    origin = portal.origin()
    written = exec_section(hub, SERVER, "server-csp", portals=origin)
    assert written.exit_code == 0 and "written:" in written.stdout, written.output
    hub.reconfigure([with_portals(tmp_path, "fix.py", origin)])
    hub.restart()
    with HubBrowser(hub.url) as browser:
        browser.login(USER)
        browser.spawn(USER)
        mark = hub.mark()
        browser.console.clear()
        frames = portal.show(browser, [hub.url + t for t in targets])
        print("--- fixed: what Chromium showed\n" + seen_in(browser, frames))
        assert [f.url for f in frames] == [hub.url + t for t in targets]
        assert "Stop My Server" in text_of(frames[0])
        assert "hello from the hub harness" in text_of(frames[1])
        headers = exec_section(hub, CHECK, "hub-headers", hub=HUB_INSIDE)
        server = exec_section(hub, CHECK, "server-headers", hub=HUB_INSIDE, name=USER)
        print("--- fixed: check.sh\n" + headers.stdout + server.stdout)
        assert f"frame-ancestors {origin}" in headers.stdout, headers.output
        assert f"frame-ancestors {origin}" in server.stdout, server.output
        time.sleep(1)
        symptoms.all_gone(
            {
                **hub.observed(since=mark),
                "browser": seen_in(browser, frames),
                "shell": headers.stdout + server.stdout,
            }
        )


@pytest.mark.reproduces("iframe-embedding-csp", "x-frame-options-refused")
def test_x_frame_options_from_nginx(hub_factory, symptoms, portal, tmp_path):
    hub = hub_factory([with_portals(tmp_path, "fix.py", portal.origin())], publish=(80,))
    hub.start()
    front = FrontServer(hub, "nginx")
    installed = front.install(fragment(f"{FOLDER}/broken.nginx.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    with HubBrowser(front.url) as browser:
        frames = portal.show(browser, [front.url + "hub/login"])
        print("\n--- nginx hides the CSP, adds X-Frame-Options\n" + seen_in(browser, frames))
        assert frames[0].url.startswith(BLOCKED), frames[0].url
        headers = exec_section(hub, CHECK, "hub-headers", hub="http://127.0.0.1:80")
        assert re.search(r"(?im)^x-frame-options: SAMEORIGIN", headers.stdout), headers.output
        assert "content-security-policy" not in headers.stdout.lower(), headers.output
        symptoms.all_seen({"browser": seen_in(browser, frames)})
        found = exec_section(hub, FIX, "find-xfo")
        assert "proxy_hide_header Content-Security-Policy" in found.stdout, found.output
        assert "add_header X-Frame-Options SAMEORIGIN" in found.stdout, found.output

        # The hub's CSP back, X-Frame-Options still added: Chromium obeys frame-ancestors
        # and ignores X-Frame-Options.
        conf = fragment(f"{FOLDER}/broken.nginx.conf").read_text()
        hub.write_file(
            KINDS["nginx"].site, conf.replace("proxy_hide_header Content-Security-Policy;", "")
        )
        assert exec_section(hub, FIX, "reload-nginx").exit_code == 0
        time.sleep(1)  # nginx's new workers take over
        headers = exec_section(hub, CHECK, "hub-headers", hub="http://127.0.0.1:80")
        both = headers.stdout.lower()
        assert "x-frame-options: sameorigin" in both, headers.output
        assert "content-security-policy: frame-ancestors http://127.0.0.1:" in both, both
        browser.console.clear()
        frames = portal.show(browser, [front.url + "hub/login"])
        print("--- nginx adds X-Frame-Options only\n" + seen_in(browser, frames))
        assert frames[0].url == front.url + "hub/login", frames[0].url
        assert "Sign in" in text_of(frames[0])
        assert "X-Frame-Options" not in "\n".join(browser.console), browser.console

        # The page's configuration.
        hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
        assert exec_section(hub, FIX, "reload-nginx").exit_code == 0
        time.sleep(1)
        browser.console.clear()
        frames = portal.show(browser, [front.url + "hub/login"])
        assert frames[0].url == front.url + "hub/login", frames[0].url
        headers = exec_section(hub, CHECK, "hub-headers", hub="http://127.0.0.1:80")
        assert "x-frame-options" not in headers.stdout.lower(), headers.output
        symptoms.all_gone({"browser": seen_in(browser, frames)})


@pytest.mark.reproduces("iframe-embedding-csp", "frame-login-xsrf", "frame-login-expired")
def test_portal_on_another_site_keeps_the_cookies_out(hub_factory, symptoms, portal, tmp_path):
    other_site = portal.origin("localhost")  # not 127.0.0.1: another site for Chromium
    same_site = portal.origin()  # another port of the hub's host: the same site
    fixed = with_portals(tmp_path, "fix.py", other_site, same_site)
    hub = hub_factory([fixed]).start()
    written = exec_section(hub, SERVER, "server-csp", portals=f"{other_site} {same_site}")
    assert written.exit_code == 0, written.output
    with HubBrowser(hub.url) as browser:
        mark = hub.mark()
        frames = login_in_frame(browser, portal, hub, "localhost")
        print("\n--- another site, login in the frame\n" + seen_in(browser, frames))
        assert frames[0].url.startswith(hub.url + "hub/login"), frames[0].url
        assert not browser.page.context.cookies(hub.url), browser.page.context.cookies()
        symptoms.all_seen_soon(
            lambda: {**hub.observed(since=mark), "browser": seen_in(browser, frames)}
        )

    # What the page says does not help here: the cookies marked SameSite=None; Secure.
    cookies = scratch_fragment(
        tmp_path,
        "samesite-none",
        'c.JupyterHub.tornado_settings["cookie_options"] = {"samesite": "None", "secure": True}\n',
    )
    hub.reconfigure([fixed, cookies])
    hub.restart()
    with HubBrowser(hub.url) as browser:
        mark = hub.mark()
        frames = login_in_frame(browser, portal, hub, "localhost")
        log = hub.observed(since=mark)["hub-log"]
        print("--- another site, SameSite=None; Secure\n" + seen_in(browser, frames))
        assert "'samesite': 'None', 'secure': True" in log
        assert "XSRF cookie does not match POST argument" in log
        assert not browser.page.context.cookies(hub.url), browser.page.context.cookies()

    # The same hub framed by a portal of the same site (another port of the same host):
    # the default cookies go along, the user logs in inside the frame.
    hub.reconfigure([fixed])
    hub.restart()
    with HubBrowser(hub.url) as browser:
        mark = hub.mark()
        frames = login_in_frame(browser, portal, hub, "127.0.0.1")
        frames[0].wait_for_url(f"**/user/{USER}/**", timeout=60_000)  # login, spawn, server
        print("--- same site, login in the frame\n" + seen_in(browser, frames))
        assert "Jupyter Server is running" in text_of(frames[0]), text_of(frames[0])
        symptoms.all_gone({**hub.observed(since=mark), "browser": seen_in(browser, frames)})


def login_in_frame(browser: HubBrowser, portal: Portal, hub, host: str) -> list:
    """The hub's login form, filled in and sent inside the portal's frame."""
    frames = portal.show(browser, [hub.url + "hub/login"], host=host)
    frames[0].fill("input[name=username]", USER)
    frames[0].fill("input[name=password]", "any-password")
    frames[0].click("input[type=submit], button[type=submit]")
    frames[0].wait_for_load_state()
    time.sleep(2)  # the spawn that follows a login redirects on
    return [f for f in browser.page.frames if f != browser.page.main_frame]
