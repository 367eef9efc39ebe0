"""networking/corporate-http-proxy-env: the page's fix for single-user servers adds the
NO_PROXY exceptions to the spawner's environment without dropping what the configuration
set there before; and the page's check finds trust_env without NO_PROXY in a hub's own
configuration and environment.

The problem itself is not reproduced (the page's `reproduced:` says why); this module only
runs the fix fragment and the check on a real hub.
"""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION, check_names

pytestmark = pytest.mark.scenario

ENTRY = "corporate-http-proxy-env"
FIX = fragment(f"networking/{ENTRY}/fix.py")
BROKEN = fragment(f"networking/{ENTRY}/broken.py")
# The exceptions of the page's fix.sh (systemd, docker), in the hub's environment.
NO_PROXY = "localhost,127.0.0.1,jupyterhub"


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


@pytest.mark.skipif(
    int(HUB_VERSION.split(".")[0]) < 6,
    reason="JupyterHubHTTPClient.session_options (trust_env) is JupyterHub 6's",
)
def test_check_finds_trust_env_without_no_proxy(hub_factory):
    # trust_env with no exception for the internal addresses: the check names the page
    # (no proxy variable is set here, so the hub itself still works).
    hub = hub_factory([BROKEN]).start()
    assert check_names(hub, ENTRY)
    # The same configuration, in an environment with the page's exceptions: quiet.
    fixed = hub_factory([BROKEN], env={"NO_PROXY": NO_PROXY, "no_proxy": NO_PROXY}).start()
    assert not check_names(fixed, ENTRY)
