"""database/hub-config-not-applied-or-invalid: misspelt options, a config file that does not
run, and one that is not found or not looked for."""

from __future__ import annotations

import re

import pytest
from packaging.version import Version

from tests.hub.hub import HUB_DIR
from tests.hub.machine import Foreground
from tests.hub.sections import exec_section, fragment, run_section, section, with_parameters
from tests.hub.user_client import UserClient, assert_login_page_answers
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "hub-config-not-applied-or-invalid"
FIX = fragment(f"database/{ENTRY}/fix.py")
FIX_SH = f"database/{ENTRY}/fix.sh"
# Another entry's authenticator without allow config: the shared password, JupyterHub 5.3+.
NO_ALLOW_CONFIG = fragment("auth/no-allow-config-login-refused/broken.py")
SHARED_PASSWORD = "a-long-shared-password"


@pytest.mark.reproduces("hub-config-not-applied-or-invalid", "option-not-recognized")
def test_misspelt_options_are_warned_about_and_ignored(hub_factory, engine, symptoms):
    hub = hub_factory([fragment(f"database/{ENTRY}/typos.txt")]).start()
    (line,) = symptoms.seen(ENTRY, "option-not-recognized", hub.observed())
    assert "`allowed_user`" in line and "allowed_users" in line  # with its "did you mean"
    # The misspelt class name is not warned about at all.
    assert not re.search(r"(?i)jupyterhub\W*\.?\W*cookie_max_age|`Jupyterhub`", hub.hub_log())
    # The restriction does not exist: a user who is not on the list gets in.
    intruder = UserClient(hub)
    intruder.login("carol")
    assert intruder.logged_in, intruder.trail()

    # The page's fix: find the warnings in the container's log, write the names right.
    found = run_section(FIX_SH, "warnings", env=engine.env, name=hub.container_name)
    assert "not recognized by `DummyAuthenticator`" in found.stdout, found
    hub.reconfigure([FIX])
    hub.restart()
    symptoms.all_gone(hub.observed(run=-1))
    # carol got in through the typo and is in the database: with allowed_users set, users
    # the database knows may still log in, until removed (the page's last step).
    still = UserClient(hub)
    still.login("carol")
    assert still.logged_in, still.trail()
    assert still.spawn("carol", timeout=40).ready, still.trail()  # her login spawned it
    removed = exec_section(hub, FIX_SH, "remove-user", token=hub.driver_token, name="carol")
    assert removed.stdout.strip() == "204", removed.output
    refused = UserClient(hub)
    refused.login("carol")
    assert not refused.logged_in, refused.trail()
    assert UserClient.with_server(hub, "alice")


@pytest.mark.skipif(
    Version(HUB_VERSION) < Version("5.3"), reason="SharedPasswordAuthenticator is new in 5.3"
)
def test_misspelt_allow_setting_locks_everyone_out_with_other_authenticators(hub_factory):
    # The same typo with an authenticator whose allow_all defaults to False (JupyterHub 5
    # and 6: PAM, OAuthenticator, here the shared password): nobody gets in.
    hub = hub_factory(
        [fragment(f"database/{ENTRY}/typos.txt"), NO_ALLOW_CONFIG], authenticator=None
    ).start()
    log = hub.hub_log()
    assert "Config option `allowed_user` not recognized by `SharedPasswordAuthenticator`" in log
    assert "No allow config found, it's possible that nobody can login to your Hub!" in log
    alice = UserClient(hub)
    refused = alice.login("alice", SHARED_PASSWORD)
    assert refused.status == 403 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"User 'alice' not allowed\.", source="hub")

    # The fix (the option spelt right) lets the listed users in, and only them.
    hub.reconfigure([FIX, NO_ALLOW_CONFIG])
    hub.restart()
    alice = UserClient(hub)
    alice.login("alice", SHARED_PASSWORD)
    assert alice.logged_in, alice.trail()
    carol = UserClient(hub)
    carol.login("carol", SHARED_PASSWORD)
    assert not carol.logged_in, carol.trail()


@pytest.mark.reproduces(
    "hub-config-not-applied-or-invalid", "config-file-not-found", "looking-for-config"
)
def test_config_file_not_found_or_not_looked_for(hub_factory, symptoms):
    # The service names a config file that is not there.
    hub = hub_factory(args=["-f", "/etc/jupyterhub/jupyterhub_config.py"])
    assert hub.start_until_exit() == 1
    symptoms.seen(ENTRY, "config-file-not-found", hub.observed())

    # In the hub's machine (its container, the service's own start held): started from
    # another directory, the hub looks for its file there only and runs on defaults ...
    with hub.held_start(wait=None):
        other = Foreground(hub, section(f"database/{ENTRY}/broken.sh", "other-dir"), "other-dir")
        other.wait_for(r"JupyterHub is now running")
        printed = {"hub-log": other.stop()}
        (line,) = symptoms.seen(ENTRY, "looking-for-config", printed)
        assert line.rstrip().endswith("Looking for jupyterhub_config in /"), line
        assert "Loaded config file" not in printed["hub-log"]
        assert "Using Authenticator: jupyterhub.auth.PAMAuthenticator" in printed["hub-log"]

        # ... and started the page's way, in its directory with its file named, it reads
        # the configuration (the harness's DummyAuthenticator) and serves the login page.
        fixed = Foreground(hub, with_parameters(section(FIX_SH, "start"), hubdir=HUB_DIR), "fixed")
        fixed.wait_for(r"JupyterHub is now running")
        assert_login_page_answers(hub)
        printed = {"hub-log": fixed.stop()}
        assert "Using Authenticator: jupyterhub.auth.DummyAuthenticator" in printed["hub-log"]
        symptoms.all_gone(printed)
    # The service's own command still names the missing file: after the hold it fails as
    # before, until the service is changed as the page shows.
