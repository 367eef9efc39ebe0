"""reverse-proxy/base-url-subpath-mismatch: the hub under /jupyter/ behind nginx and
Apache. The reverse proxy cuts the prefix off (nginx's `proxy_pass` with a URI, Apache's
`ProxyPass /jupyter/ http://.../`): a hub with base_url = "/jupyter/" answers its 404
page for everything, a hub without base_url sends the browser out of /jupyter/. Then the
page's fix: the same prefix on both sides, login and a working server through the
reverse proxy. A scenario.yaml cannot put a server in front of the hub."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.hub.chromium import HubBrowser
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "base-url-subpath-mismatch"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
BASE_URL = fragment(f"{FOLDER}/base_url.py")
USER = "you"


class PrefixedClient(UserClient):
    """A UserClient at https://host/jupyter/: the hub's own absolute paths (the spawn
    page's progress URL, /jupyter/hub/api/...) join on the origin, as in a browser,
    instead of being put under /jupyter/ a second time."""

    def _abs(self, path: str) -> str:
        if path.startswith(urlsplit(self.base).path):
            return urljoin(self.base, path)
        return super()._abs(path)


def front_for(hub, kind: str, config: str) -> FrontServer:
    front = FrontServer(hub, kind)
    installed = front.install(fragment(f"{FOLDER}/{config}"))
    assert installed.exit_code == 0, installed.output
    front.start()
    return front


def fix_and_get_through(hub, front, kind: str, location_check: str, reload: str):
    """The page's fix in place and reloaded; a user then logs in, spawns and reaches a
    working server under /jupyter/, and the page's follow check lands on the login page."""
    hub.write_file(KINDS[kind].site, fragment(f"{FOLDER}/fix.{kind}.conf").read_text())
    reloaded = exec_section(hub, FIX, reload)
    assert reloaded.exit_code == 0, reloaded.output
    diagnosis = exec_section(hub, CHECK, location_check)
    assert "127.0.0.1:8000/jupyter/" in diagnosis.stdout or (
        "proxy_pass http://127.0.0.1:8000;" in diagnosis.stdout
    ), diagnosis.output
    followed = exec_section(hub, CHECK, "follow")
    assert "200 http://127.0.0.1/jupyter/hub/login" in followed.stdout, followed.output
    client = PrefixedClient(front.url + "jupyter/")
    client.login(USER)
    spawn = client.spawn(USER)
    assert spawn.ready, f"{spawn.message}\n{client.trail()}"
    assert client.working_server(USER), client.trail()
    return client


@pytest.mark.reproduces(
    "base-url-subpath-mismatch", "hub-error-404-unprefixed", "hub-404-page", "front-static-404"
)
def test_nginx_cuts_the_prefix_of_a_hub_with_base_url(hub_factory, symptoms):
    hub = hub_factory([BASE_URL], base_url="/jupyter/", publish=(80,)).start()
    front = front_for(hub, "nginx", "broken.nginx.conf")
    with HubBrowser(front.url + "jupyter/") as browser:
        browser.goto(browser.base + "hub/login")
        page = browser.page.inner_text("body")
    assert "404" in page, page

    def seen():
        return {**hub.observed(), "browser": page, "front-log": front.access_log()}

    symptoms.all_seen_soon(seen)
    # The page's diagnosis: the hub's 404 at /jupyter/hub/login, and the location's
    # proxy_pass with a URI.
    followed = exec_section(hub, CHECK, "follow")
    assert "404 http://127.0.0.1/jupyter/hub/login" in followed.stdout, followed.output
    located = exec_section(hub, CHECK, "nginx-location")
    assert "proxy_pass http://127.0.0.1:8000/;" in located.stdout, located.output

    mark = hub.mark()
    served = len(front.access_log())
    client = fix_and_get_through(hub, front, "nginx", "nginx-location", "reload-nginx")
    with HubBrowser(front.url + "jupyter/") as browser:
        browser.goto(browser.base + "hub/login")
        page = browser.page.inner_text("body")
    assert "Sign in" in page or "Username" in page, page
    symptoms.all_gone(
        {
            **hub.observed(client, since=mark),
            "browser": page,
            "front-log": front.access_log()[served:],
        }
    )


@pytest.mark.reproduces("base-url-subpath-mismatch", "nginx-open-failed")
def test_nginx_cuts_the_prefix_of_a_hub_without_base_url(hub_factory, symptoms):
    # The same nginx site in front of a hub that was never given base_url: the login
    # page answers, then the hub's redirect leaves /jupyter/ and nginx has no such file.
    hub = hub_factory(publish=(80,)).start()
    front = front_for(hub, "nginx", "broken.nginx.conf")
    client = PrefixedClient(front.url + "jupyter/")
    last = client.login(USER)
    assert last.status == 404 and last.path == "/hub/spawn", client.trail()
    symptoms.all_seen_soon(lambda: {**hub.observed(client), "front-log": front.error_log()})
    followed = exec_section(hub, CHECK, "follow", url="http://127.0.0.1/jupyter/")
    assert "404 http://127.0.0.1/hub/" in followed.stdout, followed.output


def test_apache_proxypass_cuts_the_prefix(hub_factory):
    # Apache's ProxyPass /jupyter/ http://127.0.0.1:8000/ does what nginx's proxy_pass
    # with a URI does; the same hub 404, then the page's ProxyPass with /jupyter/ on both
    # sides.
    hub = hub_factory([BASE_URL], base_url="/jupyter/", publish=(80,)).start()
    front = front_for(hub, "apache", "broken.apache.conf")
    client = PrefixedClient(front.url + "jupyter/")
    last = client.get("hub/login")
    assert last.status == 404 and "lots of moons" in last.body, client.trail()
    hub.wait_for_log(r"/jupyter/hub/error/404\?url=%2Fhub%2Flogin", timeout=10)
    located = exec_section(hub, CHECK, "apache-proxypass")
    assert "ProxyPass /jupyter/ http://127.0.0.1:8000/ " in located.stdout, located.output
    fix_and_get_through(hub, front, "apache", "apache-proxypass", "reload-apache")
