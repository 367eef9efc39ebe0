"""singleuser/benign-suspected-api-request-not-running: a browser tab keeps polling the
user's server's API after the server was stopped; the hub answers each request itself.
Stopping a server under an open "tab" and replaying its polls is what scenario.yaml
cannot stage."""

from __future__ import annotations

import re

import pytest

from tests.hub.sections import exec_section, fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "benign-suspected-api-request-not-running"
FOLDER = f"singleuser/{ENTRY}"
# What JupyterLab polls: the kernels list, jupyter-resource-usage's metrics.
POLLS = ("user/you/api/kernels?1765072800000", "user/you/api/metrics/v1")


@pytest.mark.reproduces(
    "benign-suspected-api-request-not-running",
    "failing-suspected",
    "access-424",
    "redirect-302",
    "no-longer-running",
)
def test_open_tab_polls_stopped_server(hub_factory, symptoms, tmp_path):
    broken = fragment(f"{FOLDER}/broken.py")
    hub = hub_factory([broken])
    hub.start()
    tab = UserClient.with_server(hub, "you")
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}

    hub.stop_server("you")  # the user's "Stop My Server" in another tab, or the culler
    mark = hub.mark()
    for path in POLLS:
        hop = tab.get(path)
        assert hop.status == 424, tab.trail()
    symptoms.all_seen_soon(lambda: hub.observed(tab, since=mark))

    # Diagnosis: who is polling, and the hub has the server as stopped (harmless).
    saved = tmp_path / "hub.log"
    saved.write_text(hub.hub_log(), encoding="utf-8")
    who = run_section(f"{FOLDER}/check.sh", "who", log=str(saved))
    assert re.search(r"^\s*2 you$", who.stdout, re.M), who.stdout + who.stderr
    state = exec_section(
        hub, "singleuser/server-down-503-stale-route/check.sh", "hub-view", env=env, name="you"
    )
    assert '"servers": {}' in state.stdout or '"servers":{}' in state.stdout, state.output
    stopped = exec_section(hub, f"{FOLDER}/verify.sh", "verify", name="you")
    assert stopped.stdout.strip() == "302", stopped.output

    # The user starts the server again: the same polls reach it, the lines stop.
    mark = hub.mark()
    tab.history.clear()  # what the tab sees from here on
    hub.start_server("you")
    assert tab.working_server("you"), tab.trail()
    assert tab.get(POLLS[0]).status == 200, tab.trail()
    verify = exec_section(hub, f"{FOLDER}/verify.sh", "verify", name="you")
    assert verify.stdout.strip() == "200", verify.output
    symptoms.all_gone(hub.observed(tab, since=mark))

    # For JupyterLab < 3.2: the legacy status code, 503 instead of 424.
    hub.reconfigure([broken, fragment(f"{FOLDER}/legacy-status.py")])
    hub.restart()
    old_lab = UserClient(hub)
    old_lab.login("you")  # the login starts the server (redirect to /hub/spawn): stop it
    if hub.user_model("you").get("servers"):
        hub.stop_server("you")
    assert old_lab.get(POLLS[0]).status == 503, old_lab.trail()
