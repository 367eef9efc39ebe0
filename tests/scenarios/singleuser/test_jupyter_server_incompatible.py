"""singleuser/jupyter-server-incompatible: the Jupyter packages in the users' environment
do not fit what jupyterhub-singleuser is told or able to run. What a file cannot say: the
users' environment differs between the broken run and the fix (the harness's user image
variant ``jupyter-server-1``, with jupyter_server 1.24.0, then the hub image with
jupyter_server 2.x), and a package is staged in it.

Test-only staging:
- Notebook 7: the image has no Notebook and the test no network, so the ``notebook``
  package is a stand-in that holds only its version (7.0.6), the one thing
  jupyterhub-singleuser reads before it refuses JUPYTERHUB_SINGLEUSER_APP=notebook. The
  page also quotes the message from a real image (berkeley-dsep-infra/datahub#5379).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "jupyter-server-incompatible"
FOLDER = f"singleuser/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
FIX = fragment(f"{FOLDER}/fix.py")
CHECK = f"{FOLDER}/check.sh"
VERIFY = f"{FOLDER}/verify.sh"
PYTHON = "/opt/hub/bin/python"  # the Python of the image's jupyterhub-singleuser
SITE = "/opt/hub/lib/python3.11/site-packages"
STAND_IN = '__version__ = "7.0.6"  # test-only stand-in for Notebook 7: its version only\n'


def versions(hub) -> dict[str, str]:
    """The page's check: the packages the users' servers run with."""
    told = exec_section(hub, CHECK, "versions", python=PYTHON)
    assert told.exit_code == 0, told.output
    return dict(line.split(" ", 1) for line in told.stdout.splitlines() if " " in line)


def server_version(hub, name: str = "you") -> str:
    """The page's verification: the Jupyter Server version the user's server answers with
    (asked again for a few seconds: on a busy machine the first answer after the start can
    still be empty)."""
    deadline = time.monotonic() + 15
    while True:
        told = exec_section(hub, VERIFY, "verify", name=name)
        assert told.exit_code == 0, told.output
        try:
            return json.loads(told.stdout)["version"]
        except ValueError:
            if time.monotonic() > deadline:
                raise AssertionError(f"no JSON from the server's /api: {told.output!r}") from None
            time.sleep(1)


@pytest.mark.reproduces(
    "jupyter-server-incompatible", "extending-server-1", "terminals-need-server-2"
)
def test_jupyter_server_1_runs_the_older_way(hub_factory, symptoms):
    hub = hub_factory([], user_image="jupyter-server-1").start()
    assert versions(hub)["jupyter_server"] == "1.24.0"
    # The server starts and works: JupyterHub runs it as a subclass of ServerApp, and
    # Jupyter Server 1's own terminals answer although the 2.x terminals extension fails.
    # (Started through the API: the image has no UI page for the spawn page to send the
    # browser to, and JupyterHub 4.1's spawn page goes there at once on a fast start.)
    user = UserClient(hub)
    user.login("you")  # on a fast start the login's spawn page has started it already
    if hub.user_model("you").get("servers"):
        hub.wait_server_ready("you")
    else:
        hub.start_server("you", "")
    assert user.working_server("you"), user.trail()
    assert user.get("user/you/api/terminals").status == 200, user.trail()
    assert server_version(hub) == "1.24.0"
    symptoms.all_seen(hub.observed(user))

    # The fix: the users' environment with Jupyter Server 2 (the hub image's 2.x); the
    # server runs as JupyterHub's extension.
    fixed_hub = hub_factory([]).start()
    assert versions(fixed_hub)["jupyter_server"].startswith("2.")
    fixed = UserClient.with_server(fixed_hub, "you")
    assert server_version(fixed_hub).startswith("2."), fixed.trail()
    log = fixed_hub.singleuser_log("you")
    assert "Starting jupyterhub single-user server extension version" in log, log
    symptoms.all_gone(fixed_hub.observed(fixed))


@pytest.mark.reproduces(
    "jupyter-server-incompatible", "app-notebook-failed-import", "no-module-notebook"
)
def test_legacy_app_without_notebook(hub_factory, symptoms):
    hub = hub_factory([BROKEN]).start()
    assert versions(hub)["notebook"] == "not installed"
    user = UserClient.with_failed_spawn(hub, "you")
    symptoms.all_seen(hub.observed(user))
    # The page's check finds the setting in the hub's own configuration.
    assert check_names(hub, ENTRY)

    # The fix: no JUPYTERHUB_SINGLEUSER_APP; the same image's Jupyter Server runs.
    hub.reconfigure([BROKEN, FIX])
    hub.restart()
    mark = hub.mark()
    fixed = UserClient.with_server(hub, "you")
    assert server_version(hub).startswith("2."), fixed.trail()
    symptoms.all_gone(hub.observed(fixed, since=mark))
    assert not check_names(hub, ENTRY)


@pytest.mark.reproduces("jupyter-server-incompatible", "notebook7-not-valid")
def test_legacy_app_with_notebook_7(hub_factory, symptoms):
    hub = hub_factory([BROKEN])
    hub.write_file(f"{SITE}/notebook/__init__.py", STAND_IN)
    hub.start()
    user = UserClient.with_failed_spawn(hub, "you")
    symptoms.all_seen(hub.observed(user))

    hub.reconfigure([BROKEN, FIX])
    hub.restart()
    mark = hub.mark()
    fixed = UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(fixed, since=mark))
