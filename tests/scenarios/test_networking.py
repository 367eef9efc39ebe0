"""Single-user servers that cannot reach the Hub API (networking/singleuser-cannot-reach-hub-api),
and the 500s they lead to (networking/http-500-after-spawn, a router page).

DockerSpawner puts each server in a container of its own, on the hub's network, where the
hub's container is called ``jupyterhub``. ``docker_hub_connect=False`` leaves the hub's
addresses to the page's fragments: the default ``hub_ip = 127.0.0.1`` is the broken config.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.browser import Browser
from tests.scenarios.snippets import container_suffix, fragment, run_section

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-cannot-reach-hub-api"
ROUTER = "http-500-after-spawn"
BROKEN = fragment(f"networking/{ENTRY}/broken.py")
FIX = fragment(f"networking/{ENTRY}/fix.py")
FIX_SH = f"networking/{ENTRY}/fix.sh"
VERIFY_SH = f"networking/{ENTRY}/verify.sh"

# Test-only config (not a page snippet): servers outlive the hub, so that a hub restarted
# with another address meets a server that was started with the old one.
KEEP_SERVERS = "c.JupyterHub.cleanup_servers = False\n"


# ---------------------------------------------------------------- scenarios


@pytest.mark.reproduces(
    "singleuser-cannot-reach-hub-api",
    "hub-connect-failed",
    "connect-call-failed",
    "spawn-failed",
    "never-showed-up",
)
@pytest.mark.reproduces("http-500-after-spawn", "spawn-failed", "spawn-pending-500")
def test_hub_on_loopback_unreachable_from_server_container(hub_factory, engine, symptoms):
    # The default hub_ip: the server's container is told http://127.0.0.1:8081/hub/api,
    # which is its own loopback.
    hub = hub_factory([BROKEN], spawner="docker", docker_hub_connect=False).start()
    browser = Browser(hub)
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)  # ~10 s: the harness's Spawner.http_timeout
    assert spawn.failed, f"{spawn.message}\n{browser.trail()}"
    # Coming back later: the hub answers with its 500 "Spawn failed" page.
    page = browser.open("user/you/files/hello.txt")
    assert page.status == 500, browser.trail()

    seen = hub.observed(browser)
    for symptom in ("hub-connect-failed", "connect-call-failed", "spawn-failed", "never-showed-up"):
        symptoms.seen(ENTRY, symptom, seen)
    # ... and, as the page says, not a single request from the server's address.
    server_ip = re.search(r"never showed up at http://([\d.]+):", seen["hub-log"]).group(1)
    assert not re.search(rf"\(\S*@?{re.escape(server_ip)}\)", seen["hub-log"])
    symptoms.seen(ROUTER, "spawn-failed", seen)
    symptoms.seen(ROUTER, "spawn-pending-500", seen)

    # The fix: listen on all addresses, advertise the hub's name on its network ...
    hub.stop()
    hub.reconfigure([BROKEN, FIX])
    hub.start()
    # ... and remove the container created before the fix: DockerSpawner would start it
    # again with the old address in its environment.
    name = container_suffix(hub, "you")
    removed = run_section(FIX_SH, "remove-old-containers", env=engine.env, name=name)
    assert removed.returncode == 0, removed.stderr
    assert hub.user_container("you") is None

    mark = hub.mark()
    fresh = Browser.with_server(hub, "you")
    after = hub.observed(fresh, since=mark)
    for symptom in ("hub-connect-failed", "connect-call-failed", "spawn-failed", "never-showed-up"):
        symptoms.gone(ENTRY, symptom, after)
    symptoms.gone(ROUTER, "spawn-pending-500", after)

    # The page's check from the server's side: the Hub API answers at the URL it was given.
    check = run_section(VERIFY_SH, "from-container", env=engine.env, name=name)
    assert check.returncode == 0, check.stderr
    assert '"version"' in check.stdout, check.stdout


@pytest.mark.reproduces("singleuser-cannot-reach-hub-api", "hub-api-unreachable")
@pytest.mark.reproduces("http-500-after-spawn", "internal-server-error", "oauth-callback-500")
def test_running_server_loses_hub_after_restart_with_loopback(hub_factory, symptoms):
    # A working set-up first: the server is told http://jupyterhub:8081/hub/api.
    hub = hub_factory(
        [BROKEN, FIX], spawner="docker", docker_hub_connect=False, config=KEEP_SERVERS
    ).start()
    Browser.with_server(hub, "you")

    # The hub comes back with the default hub_ip while the server keeps running: the hub
    # re-attaches the server, which cannot reach jupyterhub:8081 any more.
    hub.stop()
    hub.reconfigure([BROKEN])
    hub.start()
    hub.wait_for_log(r"you still running", source="hub")
    other = Browser(hub)  # another browser: the login goes through the server's OAuth
    other.login("you")
    page = other.open("user/you/files/hello.txt")
    assert page.status == 500 and "/oauth_callback" in page.path, other.trail()

    seen = hub.observed(other)
    symptoms.seen(ENTRY, "hub-api-unreachable", seen)
    symptoms.seen(ROUTER, "internal-server-error", seen)
    symptoms.seen(ROUTER, "oauth-callback-500", seen)

    # The fix again: the same server reaches the hub, the login completes.
    hub.stop()
    hub.reconfigure([BROKEN, FIX])
    hub.start()
    mark = hub.mark()
    fixed = Browser(hub)
    fixed.login("you")
    assert fixed.working_server("you"), fixed.trail()
    after = hub.observed(fixed, since=mark)
    symptoms.gone(ENTRY, "hub-api-unreachable", after)
    symptoms.gone(ROUTER, "internal-server-error", after)
    symptoms.gone(ROUTER, "oauth-callback-500", after)


def test_hub_ip_all_addresses_alone_works_only_where_host_name_resolves(hub_factory):
    # hub_ip = 0.0.0.0 without hub_connect_ip: the hub advertises its host name, which is
    # its container id. On the hub container's own user-defined network that id is one of
    # the container's names (Docker and Podman add it), so the servers reach the hub there.
    hub = hub_factory(
        spawner="docker", docker_hub_connect=False, config='c.JupyterHub.hub_ip = "0.0.0.0"\n'
    ).start()
    host_name = hub.container.attrs["Config"]["Hostname"]
    assert f"Private Hub API connect url http://{host_name}:8081/hub/" in hub.hub_log()
    Browser.with_server(hub, "you")
    assert f"Failed to connect to my Hub at http://{host_name}:8081" not in hub.singleuser_log(
        "you"
    )
