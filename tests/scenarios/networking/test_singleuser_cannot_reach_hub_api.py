"""networking/singleuser-cannot-reach-hub-api: servers that cannot reach the Hub API, and
the 500s they lead to (networking/http-500-after-spawn, a router page).

DockerSpawner puts each server in a container of its own, on the hub's network, where the
hub's container is called ``jupyterhub``. ``docker_hub_connect=False`` leaves the hub's
addresses to the page's fragments: the default ``hub_ip = 127.0.0.1`` is the broken config.
"""

from __future__ import annotations

import pytest

from tests.hub.sections import fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-cannot-reach-hub-api"
BROKEN = fragment(f"networking/{ENTRY}/broken.py")
FIX = fragment(f"networking/{ENTRY}/fix.py")
VERIFY_SH = f"networking/{ENTRY}/verify.sh"

# Test-only config (not a page snippet): servers outlive the hub, so that a hub restarted
# with another address meets a server that was started with the old one.
KEEP_SERVERS = "c.JupyterHub.cleanup_servers = False\n"


@pytest.mark.reproduces("singleuser-cannot-reach-hub-api", "hub-api-unreachable")
@pytest.mark.reproduces("http-500-after-spawn", "internal-server-error", "oauth-callback-500")
def test_running_server_loses_hub_after_restart_with_loopback(hub_factory, symptoms):
    # A working set-up first: the server is told http://jupyterhub:8081/hub/api.
    hub = hub_factory(
        [BROKEN, FIX], spawner="docker", docker_hub_connect=False, config=KEEP_SERVERS
    ).start()
    UserClient.with_server(hub, "you")

    # The hub comes back with the default hub_ip while the server keeps running: the hub
    # re-attaches the server, which cannot reach jupyterhub:8081 any more.
    hub.stop()
    hub.reconfigure([BROKEN])
    hub.start()
    hub.wait_for_log(r"you still running", source="hub")
    other = UserClient(hub)  # another browser: the login goes through the server's OAuth
    other.login("you")
    page = other.open("user/you/files/hello.txt")
    assert page.status == 500 and "/oauth_callback" in page.path, other.trail()
    symptoms.all_seen(hub.observed(other))

    # The fix again: the same server reaches the hub, the login completes.
    hub.stop()
    hub.reconfigure([BROKEN, FIX])
    hub.start()
    mark = hub.mark()
    fixed = UserClient(hub)
    fixed.login("you")
    assert fixed.working_server("you"), fixed.trail()
    symptoms.all_gone(hub.observed(fixed, since=mark))


def test_hub_ip_all_addresses_alone_works_only_where_host_name_resolves(hub_factory):
    # hub_ip = 0.0.0.0 without hub_connect_ip: the hub advertises its host name, which is
    # its container id. On the hub container's own user-defined network that id is one of
    # the container's names (Docker and Podman add it), so the servers reach the hub there.
    hub = hub_factory(
        spawner="docker", docker_hub_connect=False, config='c.JupyterHub.hub_ip = "0.0.0.0"\n'
    ).start()
    host_name = hub.container.attrs["Config"]["Hostname"]
    assert f"Private Hub API connect url http://{host_name}:8081/hub/" in hub.hub_log()
    UserClient.with_server(hub, "you")
    assert f"Failed to connect to my Hub at http://{host_name}:8081" not in hub.singleuser_log(
        "you"
    )
