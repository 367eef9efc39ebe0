"""singleuser/server-down-503-stale-route: the user's server process is killed while the
hub still has its route; the next requests, the hub's next poll, and the restart. The
kill of a real process between two polls is what scenario.yaml cannot stage."""

from __future__ import annotations

import json

import pytest

from tests.hub.sections import container_suffix, exec_section, fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "server-down-503-stale-route"
FOLDER = f"singleuser/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
KILL = "kill -9 $(pgrep -u you -f jupyterhub-singleuser)"  # what the OOM killer does


@pytest.mark.reproduces(
    "server-down-503-stale-route", "appears-down", "server-stopped-signal", "removing-from-proxy"
)
def test_server_killed_between_polls(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{FOLDER}/broken.py")])
    hub.start()
    user = UserClient.with_server(hub, "you")
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}

    hub.exec(KILL).check()
    mark = hub.mark()
    page = user.get("user/you/")
    assert page.status == 503, user.trail()
    assert "Your server appears to be down" in user.transcript()

    # Diagnosis: the hub still says ready, and no process runs.
    model = json.loads(exec_section(hub, CHECK, "hub-view", env=env, name="you").stdout)
    assert model["servers"][""]["ready"] is True, model
    process = exec_section(hub, CHECK, "process", name="you")
    assert "no jupyterhub-singleuser process of you" in process.stdout, process.output
    dead = exec_section(hub, f"{FOLDER}/verify.sh", "verify", name="you")
    assert dead.stdout.strip() == "503", dead.output

    # The hub's next poll (30 s at most) notices, and removes the route.
    hub.wait_for_log(r"User you server stopped, with exit code: -9", 45, source="hub", since=mark)
    hub.wait_for_log(r"Removing user you from proxy", 10, source="hub", since=mark)
    again = user.get("user/you/")
    assert again.status == 424, user.trail()
    assert "Your server is not running" in user.transcript()
    symptoms.all_seen_soon(lambda: hub.observed(user, since=mark))

    # Fix: the user starts the server again; it works, and no more 503.
    mark = hub.mark()
    restarted = UserClient.with_server(hub, "you")
    verify = exec_section(hub, f"{FOLDER}/verify.sh", "verify", name="you")
    assert verify.stdout.strip() == "200", verify.output
    symptoms.all_gone(hub.observed(restarted, since=mark))

    # The optional fragment: a dead server is noticed within 10 s.
    hub.reconfigure([fragment(f"{FOLDER}/broken.py"), fragment(f"{FOLDER}/fix.py")])
    hub.restart()
    UserClient.with_server(hub, "you")
    mark = hub.mark()
    hub.exec(KILL).check()
    hub.wait_for_log(r"User you server stopped, with exit code: -9", 15, source="hub", since=mark)


@pytest.mark.reproduces("server-down-503-stale-route", "server-stopped-container")
def test_container_killed_between_polls(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{FOLDER}/broken.py")], spawner="docker")
    hub.start()
    UserClient.with_server(hub, "you")
    mark = hub.mark()
    hub.docker("kill", hub.user_container_name("you")).check()  # SIGKILL, as the OOM killer
    hub.wait_for_log(
        r"User you server stopped, with exit code: ExitCode=137", 45, "hub", since=mark
    )
    symptoms.all_seen(hub.observed(since=mark))
    state = run_section(CHECK, "container", env=hub.engine.env, name=container_suffix(hub, "you"))
    assert state.stdout.startswith("exited exit=137"), state.stdout + state.stderr
