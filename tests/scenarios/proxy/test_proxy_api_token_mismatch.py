"""proxy/proxy-api-token-mismatch: a leftover proxy with an earlier hub's token, and a
separately run proxy whose token the hub was not given."""

from __future__ import annotations

import secrets

import pytest

from tests.hub.processes import is_proxy, listeners
from tests.hub.sections import exec_section, fragment, section, with_parameters
from tests.hub.user_client import assert_login_page_answers
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "proxy-api-token-mismatch"
FIX_SH = f"proxy/{ENTRY}/fix.sh"


@pytest.mark.reproduces("proxy-api-token-mismatch", "api-403", "proxy-refuses-token")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_leftover_proxy_with_another_token(hub_factory, symptoms):
    # A proxy left by an earlier hub (killed, or started from another directory, so this
    # hub has no pid file for it) holds 8000 and 8001 with that hub's token.
    hub = hub_factory()
    earlier = hub.start_stray_proxy(token="the-earlier-hubs-token")
    assert hub.start_until_exit() == 1
    seen = hub.observed()
    symptoms.seen(ENTRY, "api-403", seen)
    symptoms.seen("proxy-fails-to-start", "api-request-failed", seen)
    # The refusal is in the log of whoever started that proxy: here its own log file.
    symptoms.seen(ENTRY, "proxy-refuses-token", {"proxy-log": earlier.read_log()})
    assert "EADDRINUSE" in seen["proxy-log"]  # this hub's own proxy could not listen

    # The page's fix, on the leftover as it would still be there: find the proxy on the
    # API port, look at it, stop it by its pid; then start the hub again.
    still_there = hub.start_stray_proxy(token="the-earlier-hubs-token")
    with hub.held_start():
        found = exec_section(hub, FIX_SH, "find-stale")
        (leftover,) = listeners(found.stdout)[8001]
        assert is_proxy(hub, leftover), found.stdout
        assert leftover[1] == still_there.pid, found.stdout
        assert "configurable-http-proxy" in found.stdout  # pgrep -a lists it too
        stop = exec_section(hub, FIX_SH, "stop-stale", pid=str(leftover[1]))
        assert stop.exit_code == 0 and "--api-port 8001" in stop.stdout, stop.output
    symptoms.all_gone(hub.observed(run=-1))
    assert_login_page_answers(hub)


def shared_token_proxy(hub, token: str) -> None:
    """The page's shared-token section, run in the hub container before the hub: it
    starts configurable-http-proxy with the secret (its `CONFIGPROXY_AUTH_TOKEN=` line set
    to `token`) in the background. Its last line starts the hub; the harness does that
    itself (the hub is PID 1), so `jupyterhub` is a no-op function in this script."""
    script = with_parameters(section(FIX_SH, "shared-token"), CONFIGPROXY_AUTH_TOKEN=token)
    assert "configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001" in script
    hub.before_start(
        "jupyterhub() { :; }  # the harness starts the hub right after this script\n"
        + script
        + "/usr/bin/python3 /opt/harness/waitport.py 8001 127.0.0.1 15\n"
    )


@pytest.mark.reproduces(
    "proxy-api-token-mismatch", "api-403", "proxy-refuses-token", "token-required"
)
def test_external_proxy_token(hub_factory, symptoms):
    token = secrets.token_hex(32)
    fix = fragment(f"proxy/{ENTRY}/fix.py")

    # The fix's config without the variable in the hub's environment: refused at once.
    lonely = hub_factory([fix], name="no-token")
    assert lonely.start_until_exit() == 1
    symptoms.seen(ENTRY, "token-required", lonely.observed())
    # The page's check finds it in that configuration, in that environment.
    with lonely.held_start(wait=None):
        assert check_names(lonely, ENTRY)
    assert lonely.wait_exit() == 1

    # A proxy run as its own process with one secret, a hub configured with another.
    hub = hub_factory([fragment(f"proxy/{ENTRY}/broken.py")], env={"CONFIGPROXY_AUTH_TOKEN": token})
    shared_token_proxy(hub, token)
    assert hub.start_until_exit() == 1
    seen = hub.observed()
    symptoms.seen(ENTRY, "api-403", seen)
    symptoms.seen(ENTRY, "proxy-refuses-token", seen)

    # The fix: the hub reads the same variable the proxy was started with.
    hub.reconfigure([fix])
    shared_token_proxy(hub, token)
    hub.start()
    after = hub.observed(run=-1)
    symptoms.all_gone(after)
    assert "JupyterHub is now running, internal Hub API at" in after["hub-log"]
    assert not check_names(hub, ENTRY)  # the same configuration, with the variable
    check = exec_section(
        hub, f"proxy/{ENTRY}/verify.sh", "verify", env={"CONFIGPROXY_AUTH_TOKEN": token}
    )
    assert check.stdout.strip() == "200", check.stdout + check.stderr
    assert_login_page_answers(hub)
