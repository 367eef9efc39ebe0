"""networking/corporate-http-proxy-env: the page's fix for single-user servers adds the
NO_PROXY exceptions to the spawner's environment without dropping what the configuration
set there before.

The problem itself is not reproduced (the page's `reproduced:` says why); this module only
runs the fix fragment on a real hub.
"""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "corporate-http-proxy-env"
FIX = fragment(f"networking/{ENTRY}/fix.py")


def server_environment(hub, user: str) -> dict[str, str]:
    """The environment of the user's running jupyterhub-singleuser (LocalProcessSpawner:
    a process in the hub's container), read as that user (root may not, in a rootless
    container)."""
    found = hub.exec(
        f"pid=$(pgrep -o -u {user} -f jupyterhub-singleuser) && tr '\\0' '\\n' < /proc/$pid/environ",
        user=user,
    )
    assert found.exit_code == 0, found.output
    return dict(line.split("=", 1) for line in found.stdout.splitlines() if "=" in line)


def test_fix_adds_exceptions_and_keeps_the_servers_other_variables(hub_factory, tmp_path):
    # What a configuration set earlier in the file, before the page's lines.
    earlier = scratch_fragment(
        tmp_path,
        "earlier-environment",
        'c.Spawner.environment = {"TZ": "Europe/Berlin", "http_proxy": "http://proxy:3128"}\n',
    )
    hub = hub_factory([earlier, FIX]).start()
    UserClient.with_server(hub, "you")
    env = server_environment(hub, "you")
    assert env.get("NO_PROXY") == env.get("no_proxy") == "localhost,127.0.0.1,jupyterhub", env
    # update(), not assignment: the earlier settings are still there.
    assert env.get("TZ") == "Europe/Berlin", env
    assert env.get("http_proxy") == "http://proxy:3128", env
