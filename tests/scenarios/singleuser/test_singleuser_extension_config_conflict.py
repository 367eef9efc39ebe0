"""singleuser/singleuser-extension-config-conflict: config files in a user's home and in the
image's /etc/jupyter, written into the hub's container between starts, that the user's
server reads and the hub's configuration does not show; the page's diagnosis as the user,
then each fix (the file moved aside, disable_user_config, Spawner.args) with the server
started again. Files written while the hub runs and several fixes in turn are what
scenario.yaml cannot stage."""

from __future__ import annotations

import re

import pytest

from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-extension-config-conflict"
FOLDER = f"singleuser/{ENTRY}"
USERCONFIG = f"{FOLDER}/userconfig.sh"
CHECK = f"{FOLDER}/check.sh"
JUPYTER = "/opt/hub/bin/jupyter"  # next to the image's jupyterhub-singleuser
USER_FILE = "/home/you/.jupyter/jupyter_server_config.py"


@pytest.mark.reproduces("singleuser-extension-config-conflict", "bad-config-no-such-directory")
def test_user_config_start_directory_missing(hub_factory, symptoms):
    hub = hub_factory([])
    hub.start()
    exec_section(hub, USERCONFIG, "root-dir", name="you").check()

    mark = hub.mark()
    user = UserClient.with_failed_spawn(hub, "you")
    symptoms.all_seen_soon(lambda: hub.observed(user, since=mark))

    # Diagnosis, as the user: the config directories, the file loaded, the same error.
    files = exec_section(hub, CHECK, "files", name="you", jupyter=JUPYTER)
    assert "/home/you/.jupyter" in files.stdout, files.output
    assert f"Loaded config file: {USER_FILE}" in files.stdout, files.output
    assert re.search(
        r"Bad config encountered during initialization: No such directory: "
        r"''/home/you/~/notebooks''",
        files.stdout,
    ), files.output
    settings = exec_section(hub, CHECK, "settings", name="you", jupyter=JUPYTER)
    assert settings.exit_code != 0 and "Bad config" in settings.stdout, settings.output

    # Fix: the file moved aside; the config loads, the server starts.
    moved = exec_section(hub, f"{FOLDER}/fix.sh", "fix", file=USER_FILE).check()
    assert f"moved {USER_FILE} aside" in moved.stdout, moved.output
    verify = exec_section(hub, f"{FOLDER}/verify.sh", "verify", name="you", jupyter=JUPYTER)
    assert "the server config of you loads" in verify.stdout, verify.output
    mark = hub.mark()
    client = UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(client, since=mark))


@pytest.mark.reproduces("singleuser-extension-config-conflict", "default-url-from-user-config")
def test_config_default_url_wins_over_spawner(hub_factory, symptoms):
    broken = fragment(f"{FOLDER}/broken.py")
    hub = hub_factory([broken])
    hub.start()
    exec_section(hub, USERCONFIG, "default-url", name="you").check()

    # Servers are started through the API here: the user's landing page is a 404 (neither
    # UI is in the test image), which the login-and-spawn client would take for a failure.
    mark = hub.mark()
    user = opened_server(hub)
    assert "/user/you/tree" in user.history[-1].url, user.trail()  # the user's, not /lab
    assert user.history[-1].status == 404, user.trail()
    symptoms.all_seen_soon(lambda: hub.observed(user, since=mark))
    settings = exec_section(hub, CHECK, "settings", name="you", jupyter=JUPYTER).check()
    assert f"  {USER_FILE}" in settings.stdout, settings.output
    assert ".default_url = '/tree'" in settings.stdout, settings.output

    # Fix 1: the hub ignores config in the users' homes; its default_url is used.
    hub.stop_server("you")
    hub.reconfigure([broken, fragment(f"{FOLDER}/fix.py")])
    hub.restart()
    mark = hub.mark()
    client = opened_server(hub)
    hub.wait_for_log(
        r"Using default url from environment \$JUPYTERHUB_DEFAULT_URL: /lab",
        15,
        source="singleuser:you",
        since=mark,
    )
    assert "/user/you/lab" in client.history[-1].url, client.trail()
    symptoms.all_gone(hub.observed(client, since=mark))

    # The same setting in the image's /etc/jupyter: disable_user_config does not cover it.
    exec_section(hub, USERCONFIG, "image-default-url").check()
    hub.stop_server("you")
    mark = hub.mark()
    client = opened_server(hub)
    hub.wait_for_log(
        r"Using default url from user config: /tree", 15, source="singleuser:you", since=mark
    )
    assert "/user/you/tree" in client.history[-1].url, client.trail()

    # Fix 2: a command-line option from Spawner.args wins over every file.
    hub.stop_server("you")
    hub.reconfigure([broken, fragment(f"{FOLDER}/fix.py"), fragment(f"{FOLDER}/fix-args.py")])
    hub.restart()
    mark = hub.mark()
    client = opened_server(hub)
    hub.wait_for_log(
        r"Using default url from user config: /lab", 15, source="singleuser:you", since=mark
    )
    assert "/user/you/lab" in client.history[-1].url, client.trail()


def opened_server(hub) -> UserClient:
    """Start you's server through the API, then log in and open /user/you/ as the user:
    the last hop is the server's default page."""
    if hub.user_model("you") is None:
        assert hub.api("POST", "users/you").status_code == 201  # as an admin adds a user
    hub.start_server("you")
    client = UserClient(hub)
    client.login("you")
    client.get("user/you/")
    return client
