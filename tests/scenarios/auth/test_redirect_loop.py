"""auth/redirect-loop: a user's URL that bounces between /user/<name>/ and
/hub/user/<name>/ until the hub gives up with "Redirect loop detected.", because the
request reached the hub instead of the user's server: the proxy has no route to the
running server, or the browser opened the hub's own port instead of the proxy's.

Test-only staging, kept out of the page: the proxy's route is deleted through the proxy's
own API (what a proxy restarted on its own does to every route), and the hub's port is
published instead of the proxy's. The harness publishes one container port on a random
host port; the client then sends the Host header a browser sends when the hub's port is
published under its own number (http://<host>:8081/), as in a `docker run -p 8081:8081`.
"""

from __future__ import annotations

import secrets

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION, check_names

pytestmark = pytest.mark.scenario

ENTRY = "redirect-loop"
CHECK = f"auth/{ENTRY}/check.sh"
FIX_SH = f"auth/{ENTRY}/fix.sh"
HUB_IP = fragment(f"auth/{ENTRY}/hub-ip.py")
OLD_CONNECT_PORT = fragment(f"auth/{ENTRY}/old-connect-port.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
LOOP = [
    "redirect-loop-detected",
    "loop-warning",
    "loop-500",
    "access-log-alternation",
]
# The hub's REST API as the page's sections use it, on the hub's machine.
HUB_API = "http://127.0.0.1:8081/hub/api"
# Test-only: the proxy forgets the route to you's server (its token is the hub's, from
# the container's environment).
FORGET_ROUTE = (
    'curl -s -o /dev/null -w "%{http_code}" -X DELETE '
    '-H "Authorization: token $CONFIGPROXY_AUTH_TOKEN" '
    "http://127.0.0.1:8001/api/routes/user/you"
)


def routes(hub) -> str:
    out = exec_section(hub, CHECK, "routes", token=hub.driver_token, name="you", hub_api=HUB_API)
    assert out.exit_code == 0, out.output
    return out.stdout.strip()


def hub_with_forgetful_proxy(hub_factory, fragments=(), **options):
    hub = hub_factory(
        list(fragments), env={"CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32)}, **options
    )
    hub.start()
    user = UserClient.with_server(hub, "you")
    assert routes(hub) == "the proxy has a route for /user/you/"
    forgot = hub.exec(FORGET_ROUTE)
    assert forgot.stdout.strip() == "204", forgot.output
    assert routes(hub) == "no route for /user/you/ in the proxy"
    return hub, user


@pytest.mark.reproduces(
    "redirect-loop",
    "redirect-loop-detected",
    "loop-warning",
    "loop-500",
    "access-log-alternation",
)
def test_proxy_without_route_to_a_running_server(hub_factory, symptoms):
    hub, user = hub_with_forgetful_proxy(hub_factory)
    mark = hub.mark()
    page = user.open("user/you/files/hello.txt")
    assert page.status == 500, user.trail()
    # /user/you/... -> /hub/user/you/... and back, four times, then the hub's 500.
    loop = [h for h in user.history if "redirects=" in h.url]
    assert len(loop) == 8, user.trail()
    # The error page's heading, as the page says: the message from JupyterHub 6 on.
    heading = "500 : Internal Server Error"
    if HUB_VERSION.startswith("6."):
        heading = "500 : Redirect loop detected."
    assert heading in user.transcript(), user.transcript()[-1500:]
    seen = hub.observed(user, since=mark)
    symptoms.all_seen(seen)
    # No hint at a direct connection: the request came through the proxy.
    symptoms.gone(ENTRY, "direct-connection", seen)

    # The fix: the hub re-adds the route at once (or at its next check, or restart).
    mark = hub.mark()
    synced = exec_section(hub, FIX_SH, "resync", token=hub.driver_token, hub_api=HUB_API)
    assert synced.stdout.strip() == "200", synced.output
    hub.wait_for_log(r"Adding missing route for /user/you/", source="hub", since=mark)
    assert routes(hub) == "the proxy has a route for /user/you/"
    assert user.working_server("you"), user.trail()
    # A fresh browser's whole visit, for the symptoms' absence.
    fresh = UserClient(hub)
    fresh.login("you")
    assert fresh.working_server("you"), fresh.trail()
    symptoms.all_gone(hub.observed(fresh, since=mark))


def direct_client(hub) -> UserClient:
    """A browser that opened the hub's own port, http://<host>:8081/."""
    client = UserClient(hub, timeout=40)
    client.session.headers["Host"] = "127.0.0.1:8081"
    return client


def loop_on_hubs_port(hub):
    client = direct_client(hub)
    client.login("you")
    assert client.logged_in, client.trail()
    spawn = client.spawn("you")
    assert spawn.ready, f"{spawn.message}\n{client.trail()}"
    page = client.open("user/you/files/hello.txt")
    assert page.status == 500, client.trail()
    return client


@pytest.mark.reproduces(
    "redirect-loop",
    "redirect-loop-detected",
    "loop-warning",
    "loop-500",
    "access-log-alternation",
    "direct-connection",
)
def test_browser_on_the_hubs_own_port(hub_factory, symptoms):
    # The hub listens on every address and its port is published: login and spawn work
    # on it, the user's pages loop.
    hub = hub_factory([HUB_IP], public_port=8081)
    hub.start()
    assert check_names(hub, ENTRY)  # the page's check: hub_ip on every address, local servers
    listening = exec_section(hub, CHECK, "ports")
    assert "0.0.0.0:8081" in listening.stdout and "8000" in listening.stdout, listening.output
    client = loop_on_hubs_port(hub)
    seen = hub.observed(client, run=-1)
    for symptom in LOOP:
        symptoms.seen(ENTRY, symptom, seen)
    # Today's hub only recognises the direct connection with hub_connect_port set.
    symptoms.gone(ENTRY, "direct-connection", seen)

    hub.reconfigure([HUB_IP, OLD_CONNECT_PORT])
    hub.restart()
    client = loop_on_hubs_port(hub)
    symptoms.all_seen(hub.observed(client, run=-1))

    # The fix: the hub's port on the loopback only. The port a browser opened answers no
    # more (nothing listens behind it), ...
    closed = hub_factory([HUB_IP, FIX], public_port=8081)
    closed.start(wait="log")
    listening = exec_section(closed, CHECK, "ports")
    assert "127.0.0.1:8081" in listening.stdout, listening.output
    refused = UserClient(closed, timeout=5).get("hub/login")
    assert refused.status is None, refused
    # ... and through the proxy's port the same user reaches a working server.
    public = hub_factory([HUB_IP, FIX])
    public.start()
    user = UserClient.with_server(public, "you")
    symptoms.all_gone(public.observed(user, run=-1))
    assert not check_names(public, ENTRY)


# A user image with another JupyterHub than the hub's (the harness builds it once).
OTHER_RELEASE = "6.1.1" if HUB_VERSION == "5.5.4" else "5.5.4"


@pytest.mark.reproduces("redirect-loop", "loop-version-hint")
def test_loop_with_another_jupyterhub_in_the_users_image(hub_factory, images, symptoms, tmp_path):
    image = scratch_fragment(
        tmp_path, "older-user-image", f"c.DockerSpawner.image = {images(OTHER_RELEASE).tag!r}\n"
    )
    hub, user = hub_with_forgetful_proxy(hub_factory, [image], spawner="docker")
    mark = hub.mark()
    page = user.open("user/you/files/hello.txt")
    assert page.status == 500, user.trail()
    # Two rounds only when the versions differ; the hint names both releases.
    loop = [h for h in user.history if "redirects=" in h.url]
    assert len(loop) == 4, user.trail()
    symptoms.all_seen(hub.observed(user, since=mark))
