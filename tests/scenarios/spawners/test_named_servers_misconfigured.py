"""spawners/named-servers-misconfigured: named servers refused (not enabled, the per-user
limit, JupyterHub 6's name rules), and DockerSpawner putting every server of a user in
one container when its name_template has no {servername}.

The named servers are started the ways users and scripts start them: the URL
/hub/spawn/<user>/<server> in a browser, and the REST API (as the home page's buttons and
JupyterLab's hub menu do).
"""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import container_suffix, exec_section, fragment, run_section
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "named-servers-misconfigured"
FIX = fragment(f"spawners/{ENTRY}/fix.py")
DOCKER_BROKEN = fragment(f"spawners/{ENTRY}/docker-broken.py")
CHECK_SH = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"


def one_named_server(tmp_path):
    """Test-only config: a limit of one named server per user, so that one server
    reaches it (the page's fix allows five)."""
    return scratch_fragment(
        tmp_path, "one-named-server", "c.JupyterHub.named_server_limit_per_user = 1\n"
    )


def token(hub) -> dict:
    return {"JUPYTERHUB_API_TOKEN": hub.driver_token}


def wait_named_server(browser, hub, user: str, server: str) -> None:
    """A named server started from the browser is ready and answers through the proxy."""
    hub.wait_server_ready(user, server)
    assert browser.working_server(f"{user}/{server}"), browser.trail()


@pytest.mark.reproduces(
    "named-servers-misconfigured",
    "not-enabled",
    "not-enabled-400",
    "limit-reached",
    "limit-reached-400",
    "invalid-name",
    "slash-name",
)
def test_named_servers_off_limit_and_names(hub_factory, symptoms, tmp_path):
    # Named servers off (JupyterHub's default): the URL of one, and the API.
    hub = hub_factory([]).start()
    browser = UserClient(hub)
    browser.login("alice")  # starts alice's default server
    refused = browser.get("hub/spawn/alice/gpu")
    assert refused.status == 400, browser.trail()
    assert hub.api("POST", "users/alice/servers/gpu").status_code == 400
    seen = hub.observed(browser)

    # The page's fix, with a limit of one named server per user.
    hub.reconfigure([FIX, one_named_server(tmp_path)])
    hub.restart()
    mark = hub.mark()
    alice = UserClient(hub)
    alice.login("alice")
    assert alice.get("hub/spawn/alice/one").status == 200, alice.trail()
    wait_named_server(alice, hub, "alice", "one")

    # A second named server is over the limit, and still is once the first is stopped.
    assert alice.get("hub/spawn/alice/two").status == 400, alice.trail()
    assert hub.api("POST", "users/alice/servers/two").status_code == 400
    hub.stop_server("alice", "one")
    assert alice.get("hub/spawn/alice/two").status == 400, alice.trail()
    listed = exec_section(hub, CHECK_SH, "servers", env=token(hub), name="alice")
    assert '"one"' in listed.stdout and '"stopped": true' in listed.stdout, listed.output

    # Deleting it makes room.
    deleted = exec_section(hub, FIX_SH, "delete-server", env=token(hub), name="alice", server="one")
    assert deleted.stdout.strip() in ("202", "204"), deleted.output
    assert alice.get("hub/spawn/alice/two").status == 200, alice.trail()
    wait_named_server(alice, hub, "alice", "two")

    # Names: JupyterHub 6 refuses anything but a lowercase slug; older releases only '/'.
    # One user each, so that no server one of them creates counts against another's limit.
    for user in ("bob", "carol", "dave"):
        assert hub.api("POST", f"users/{user}").status_code == 201
    hub.api("POST", "users/bob/servers/My%20Server", timeout=30)
    hub.api("POST", "users/carol/servers/a%2Fb", timeout=30)
    started = exec_section(
        hub, FIX_SH, "start-server", env=token(hub), name="dave", server="my-server"
    )
    assert started.stdout.strip() in ("201", "202"), started.output
    hub.wait_server_ready("dave", "my-server")

    after = hub.observed(alice, since=mark)
    seen["browser"] += "\n" + after["browser"]
    seen["hub-log"] += "\n" + after["hub-log"]
    symptoms.all_seen(seen)
    symptoms.gone(ENTRY, "not-enabled-400", after)
    symptoms.gone(ENTRY, "not-enabled", after)


@pytest.mark.reproduces(
    "named-servers-misconfigured", "found-existing", "named-check-404", "named-check-302"
)
def test_docker_name_template_without_servername(hub_factory, symptoms):
    hub = hub_factory([DOCKER_BROKEN], spawner="docker").start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    alice = UserClient.with_server(hub, "alice")
    hub.start_server("alice", "gpu")  # "starts" at once: it found alice's container
    named = alice.get("user/alice/gpu/api/status")
    assert named.status == 404, alice.trail()
    suffix = container_suffix(hub, "alice")
    listed = run_section(CHECK_SH, "containers", env=hub.engine.env, name=suffix)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 1, listed
    symptoms.all_seen(hub.observed(alice))

    # The fix: delete the named server (stopping it stops the default server's container
    # too, and a stopped server keeps the container's name in its state), then
    # DockerSpawner's own name_template, and a restart.
    deleted = exec_section(hub, FIX_SH, "delete-server", env=token(hub), name="alice", server="gpu")
    assert deleted.stdout.strip() in ("202", "204"), deleted.output
    wait_until(
        lambda: not (hub.user_model("alice") or {}).get("servers"),
        "both of alice's servers stopped",
        timeout=30,
    )
    hub.reconfigure([FIX])
    hub.restart()
    assert not check_names(hub, ENTRY)
    mark = hub.mark()
    again = UserClient.with_server(hub, "alice")
    hub.start_server("alice", "gpu")
    assert again.working_server("alice/gpu"), again.trail()
    assert again.working_server("alice"), again.trail()
    listed = run_section(CHECK_SH, "containers", env=hub.engine.env, name=suffix)
    names = sorted(line.split()[0] for line in listed.stdout.splitlines())
    assert names == [f"jupyter-{suffix}", f"jupyter-{suffix}--gpu"], listed.stdout
    after = hub.observed(again, since=mark)
    symptoms.gone(ENTRY, "named-check-404", after)
    symptoms.gone(ENTRY, "named-check-302", after)


@pytest.mark.reproduces("named-servers-misconfigured", "removing-leftover")
def test_docker_name_template_without_servername_remove(hub_factory, symptoms, tmp_path):
    # Test-only config: containers removed when their server stops, as many deployments
    # set it (the page says so in words).
    remove = scratch_fragment(tmp_path, "remove", "c.DockerSpawner.remove = True\n")
    hub = hub_factory([DOCKER_BROKEN, remove], spawner="docker").start()
    alice = UserClient.with_server(hub, "alice")
    failed = hub.api("POST", "users/alice/servers/gpu", timeout=40)
    assert failed.status_code >= 400, failed.text
    # ... and alice's default server went with it.
    wait_until(
        lambda: not (hub.user_model("alice") or {}).get("servers"),
        "alice's default server stopped",
        timeout=30,
    )
    symptoms.all_seen(hub.observed(alice))
