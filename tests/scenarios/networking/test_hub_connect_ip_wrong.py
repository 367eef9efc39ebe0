"""networking/hub-connect-ip-wrong: servers told to reach the hub at an address that does
not lead there (0.0.0.0, a host name nothing resolves)."""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import container_suffix, fragment, remove_user_container, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "hub-connect-ip-wrong"
CHECK = f"networking/{ENTRY}/check.sh"
FIX = fragment(f"networking/{ENTRY}/fix.py")


def api_url_told(hub, user: str) -> str:
    """The page's check: the Hub API URL the user's container was given."""
    told = run_section(CHECK, "told", env=hub.engine.env, name=container_suffix(hub, user))
    assert told.returncode == 0, told.stderr
    return told.stdout.strip()


def fixed_spawn(hub, broken) -> dict[str, str]:
    """The fix, the old container removed, a working server; what was seen since."""
    hub.reconfigure([broken, FIX])
    hub.restart()
    remove_user_container(hub, "you")
    mark = hub.mark()
    UserClient.with_server(hub, "you")
    return hub.observed(since=mark)


@pytest.mark.reproduces(
    "hub-connect-ip-wrong", "hostname-connect-url", "hostname-connect-failed", "dns-error"
)
def test_servers_cannot_resolve_the_hubs_host_name(hub_factory, symptoms, tmp_path):
    # Servers where nothing resolves the hub's container id: Docker's default bridge, a
    # Swarm overlay network, another machine. Here the servers' only DNS server does not
    # exist (their own loopback), so that no lookup leaves this machine. It replaces their
    # resolv.conf: Docker's resolver on the network, unlike Podman's, would answer for the
    # hub's container id whatever DNS the container is given.
    broken = fragment(f"networking/{ENTRY}/broken.py")
    resolv_conf = tmp_path / "resolv.conf"
    resolv_conf.write_text("nameserver 127.0.0.1\n")
    resolv_conf.chmod(0o644)
    no_dns = scratch_fragment(
        tmp_path,
        "servers-without-dns",
        f"c.DockerSpawner.volumes = {{{str(resolv_conf)!r}: "
        '{"bind": "/etc/resolv.conf", "mode": "ro"}}\n',
    )
    # The failing spawn waits out http_timeout: 20 s, yet room for the fixed server under load.
    timeouts = {"http_timeout": 20, "start_timeout": 30, "poll_interval": 2}
    hub = hub_factory(
        [broken, no_dns], spawner="docker", docker_hub_connect=False, timeouts=timeouts
    ).start()
    host_name = hub.container.attrs["Config"]["Hostname"]
    seen = hub.observed(UserClient.with_failed_spawn(hub, "you"))
    for lines in symptoms.all_seen(seen).values():
        assert all(host_name in line for line in lines), lines
    assert api_url_told(hub, "you") == f"JUPYTERHUB_API_URL=http://{host_name}:8081/hub/api"

    # The fix: the servers on the hub's own user-defined network (the harness's network,
    # where names resolve: the test-only fragment goes), and its name advertised.
    symptoms.all_gone(fixed_spawn(hub, broken))
    assert "Private Hub API connect url http://jupyterhub:8081/hub/" in hub.hub_log(run=-1)
