"""networking/http-timeout-server-never-showed-up: a server that listens where the hub does
not look (its container's loopback), or that starts later than Spawner.http_timeout."""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment, remove_user_container
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "http-timeout-server-never-showed-up"
CHECK = f"networking/{ENTRY}/check.sh"


@pytest.mark.reproduces("http-timeout-server-never-showed-up", "never-showed-up", "took-too-long")
def test_slow_server_needs_a_longer_http_timeout(hub_factory, symptoms, tmp_path):
    # A server that needs ~8 s before it listens (a large environment, a slow file
    # system), against an http_timeout of 4 s (the hub's own timeout, set short so the
    # failure costs seconds; the page's fix raises it to 90).
    slow_server = scratch_fragment(
        tmp_path,
        "slow-server",
        "c.DockerSpawner.cmd = ['sh', '-c', 'sleep 6; exec jupyterhub-singleuser \"$@\"', 'sh']\n",
    )
    timeouts = {"http_timeout": 4, "start_timeout": 20, "poll_interval": 2}
    hub = hub_factory([slow_server], spawner="docker", timeouts=timeouts).start()
    symptoms.all_seen(hub.observed(UserClient.with_failed_spawn(hub, "you")))

    hub.reconfigure([slow_server, fragment(f"networking/{ENTRY}/slow.py")])
    hub.restart()
    remove_user_container(hub, "you")
    mark = hub.mark()
    UserClient.with_server(hub, "you", timeout=60)
    symptoms.all_gone(hub.observed(since=mark))
