"""spawners/hub-env-not-readable-by-users: packages installed (or upgraded) by root under
umask 077, in an environment whose directories are otherwise open. The user's server
starts, cannot import JupyterHub, and exits; the hub only sees a server that never answers.

The environment's own directory closed (drwx------), where the start fails at once with
Permission denied, is the plain scenario next to the page's snippets (scenario.yaml).
"""

from __future__ import annotations

import pytest

from tests.hub.sections import exec_section, section, with_parameters
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "hub-env-not-readable-by-users"
FOLDER = f"spawners/{ENTRY}"
ENV = "/opt/hub"  # the image's environment: the hub's, and the users' servers'
CMD = f"{ENV}/bin/jupyterhub-singleuser"


@pytest.mark.reproduces("hub-env-not-readable-by-users", "no-module-jupyterhub-singleuser")
def test_packages_installed_under_umask_077(hub_factory, symptoms):
    # The harness's own command (jupyterhub-singleuser, found on the hub's PATH, its output
    # in a file per user): the script is reached; what it imports is not. A short
    # http_timeout: the spawn fails only when it runs out.
    timeouts = {"http_timeout": 20, "start_timeout": 30, "poll_interval": 2}
    hub = hub_factory([], spawner="local", timeouts=timeouts)
    packages = with_parameters(section(f"{FOLDER}/umask.sh", "packages"), prefix=ENV)
    hub.before_start(packages)
    hub.start()
    client = UserClient.with_failed_spawn(hub, "you", timeout=60)
    symptoms.all_seen(hub.observed(client))

    # The page's diagnosis: the path is open, the packages are not.
    access = exec_section(hub, f"{FOLDER}/check.sh", "access", cmd=CMD, name="you")
    assert access.exit_code != 0, access.output
    assert "drwx------" not in access.output, access.output
    assert "No module named 'jupyterhub.singleuser'" in access.output, access.output
    unreadable = exec_section(hub, f"{FOLDER}/check.sh", "unreadable", prefix=ENV)
    assert unreadable.exit_code == 0, unreadable.output
    closed = unreadable.stdout.splitlines()
    assert closed and all(
        line.startswith(f"{ENV}/lib/python3.11/site-packages/") for line in closed
    ), unreadable.output

    # The page's fix, on the machine as it still is (the same state is made again first).
    hub.stop()
    hub.before_start(packages)
    with hub.held_start():
        opened = exec_section(hub, f"{FOLDER}/fix.sh", "open", prefix=ENV)
        assert opened.exit_code == 0, opened.output
    mark = hub.mark()
    after = UserClient.with_server(hub, "you", timeout=60)
    symptoms.all_gone(hub.observed(after, since=mark))
    access = exec_section(hub, f"{FOLDER}/check.sh", "access", cmd=CMD, name="you")
    assert access.exit_code == 0, access.output
    unreadable = exec_section(hub, f"{FOLDER}/check.sh", "unreadable", prefix=ENV)
    assert unreadable.exit_code == 0 and not unreadable.stdout.strip(), unreadable.output

    # The page's warning: hub files kept inside the environment were opened with it. The
    # `state` check lists them, and `close-state` makes their directory root's again.
    etc = f"{ENV}/etc/jupyterhub"
    assert hub.exec(f"mkdir -p {etc} && touch {etc}/jupyterhub_config.py").exit_code == 0
    assert exec_section(hub, f"{FOLDER}/fix.sh", "open", prefix=ENV).exit_code == 0
    state = exec_section(hub, f"{FOLDER}/check.sh", "state", prefix=ENV)
    assert state.stdout.strip() == f"{etc}/jupyterhub_config.py", state.output
    closed = exec_section(hub, f"{FOLDER}/fix.sh", "close-state", state=etc)
    assert closed.exit_code == 0, closed.output
    modes = hub.exec(f"stat -c '%A %n' {etc} {etc}/jupyterhub_config.py").stdout.split("\n")
    assert modes[:2] == [f"drwx------ {etc}", f"-rw------- {etc}/jupyterhub_config.py"], modes
