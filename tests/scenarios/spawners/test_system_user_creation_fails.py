"""spawners/system-user-creation-fails: LocalAuthenticator.create_system_users with names
that the hub's machine refuses as account names.

PAMAuthenticator, as the page's broken.py: the hub makes accounts for the users named in
its configuration at start-up, and for those an admin adds (the REST API, as the admin page
calls it). A second test logs a new user in through a LocalAuthenticator that lets anyone
in (a test-only stand-in for LocalGitHubOAuthenticator and the other Local* classes).
"""

from __future__ import annotations

import shlex

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "system-user-creation-fails"
FOLDER = f"spawners/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
FIX = fragment(f"{FOLDER}/fix.py")
MAP = fragment(f"{FOLDER}/map.py")
USERADD = fragment(f"{FOLDER}/useradd.py")
ACCOUNT = "spawners/system-user-missing/check.sh"  # the page's `id "$name"` check

DIGITS = "12345"
LONG = "maria.del.carmen.gonzalez@example.org"  # 37 bytes
PLUS = "jane+jupyter@example.org"

# Test-only: the login path of a Local* authenticator without an outside provider.
LOCAL_DUMMY = """
from jupyterhub.auth import DummyAuthenticator, LocalAuthenticator


class LocalDummyAuthenticator(LocalAuthenticator, DummyAuthenticator):
    pass


c.JupyterHub.authenticator_class = LocalDummyAuthenticator
c.LocalAuthenticator.create_system_users = True
c.Authenticator.allow_all = True
"""


def add_users(hub, *names: str):
    """The admin page's "Add Users": POST /hub/api/users."""
    return hub.api("POST", "users", json={"usernames": list(names)})


def has_account(hub, name: str) -> bool:
    result = exec_section(hub, ACCOUNT, "account", name=name)
    return result.exit_code == 0 and f"({name})" in result.output


@pytest.mark.reproduces(
    "system-user-creation-fails",
    "name-regex",
    "name-regex-variable",
    "only-digits",
    "too-long",
    "bad-characters",
    "failed-to-create-user-api",
    "error-adding-user",
    "creating-user",
    "useradd-invalid-name",
)
def test_names_adduser_refuses(hub_factory, symptoms, tmp_path):
    # The page's configuration chooses the authenticator: no harness DummyAuthenticator.
    hub = hub_factory([BROKEN], authenticator=None)
    hub.start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    # At start-up, for allowed_users: both refused, the hub starts anyway.
    assert not has_account(hub, "jane.doe") and not has_account(hub, "42student")
    # An admin adds users: each is refused with 400, and not kept.
    for name in (DIGITS, LONG, PLUS):
        r = add_users(hub, name)
        assert r.status_code == 400, r.text
        assert f"Failed to create user {name}: Failed to create system user {name}:" in r.text
        assert hub.user_model(name) is None
    observed = hub.observed()
    for symptom in (
        "name-regex",
        "name-regex-variable",
        "only-digits",
        "too-long",
        "bad-characters",
        "failed-to-create-user-api",
        "error-adding-user",
        "creating-user",
    ):
        symptoms.seen(ENTRY, symptom, observed)
    command = exec_section(hub, f"{FOLDER}/check.sh", "command")
    assert command.exit_code == 0, command.output
    assert "adduser version 3.134" in command.output, command.output

    # The fix: adduser's --allow-bad-names. At the next start the hub makes both accounts.
    hub.reconfigure([BROKEN, FIX])
    hub.restart()
    assert not check_names(hub, ENTRY)
    assert has_account(hub, "jane.doe") and has_account(hub, "42student")
    fixed = hub.observed(run=-1)
    for symptom in ("name-regex", "name-regex-variable", "error-adding-user"):
        symptoms.gone(ENTRY, symptom, fixed)
    # Names no option lets through are still refused ...
    r = add_users(hub, DIGITS)
    assert r.status_code == 400 and "numerical UIDs" in r.text, r.text
    # ... until the hub maps them to another name.
    hub.reconfigure([BROKEN, FIX, MAP])
    hub.restart()
    r = add_users(hub, DIGITS)
    assert r.status_code == 201 and r.json()[0]["name"] == "u12345", r.text
    assert has_account(hub, "u12345")

    # Who can log in: the new account has no password (adduser --disabled-password), so PAM
    # refuses it until root sets one. Test-only: the password root would set with passwd.
    jane = UserClient(hub)
    jane.login("jane.doe", "Jane-Pa55-word")  # 403 since JupyterHub 5, 200 on 4.1
    assert not jane.logged_in and "Invalid username or password" in jane.transcript()
    password = shlex.quote("jane.doe:Jane-Pa55-word")
    assert hub.exec(f"printf '%s\\n' {password} | chpasswd").exit_code == 0
    jane = UserClient(hub)
    jane.login("jane.doe", "Jane-Pa55-word")
    assert jane.logged_in, jane.trail()
    assert jane.spawn("jane.doe", timeout=60).ready, jane.trail()
    assert jane.working_server("jane.doe"), jane.trail()

    # Red Hat-style command: useradd accepts dotted names, refuses the long one.
    hub.reconfigure([BROKEN, USERADD])
    hub.restart()
    assert not check_names(hub, ENTRY)
    r = add_users(hub, "jane.roe")
    assert r.status_code == 201, r.text
    assert has_account(hub, "jane.roe")
    home = hub.exec("stat -c '%U %F' /home/jane.roe")
    assert home.output.strip() == "jane.roe directory", home.output
    r = add_users(hub, LONG)
    assert r.status_code == 400, r.text
    symptoms.seen(ENTRY, "useradd-invalid-name", hub.observed(run=-1))


@pytest.mark.reproduces("system-user-creation-fails", "name-regex", "creating-user")
def test_login_with_a_local_authenticator(hub_factory, symptoms, tmp_path):
    local = scratch_fragment(tmp_path, "local-dummy-authenticator", LOCAL_DUMMY)
    hub = hub_factory([local], authenticator=None)
    hub.start()
    bob = UserClient(hub)
    hop = bob.login("bob.smith")
    assert hop.status == 500 and not bob.logged_in, bob.trail()
    hub.wait_for_log(r"Uncaught exception POST /hub/login", source="hub")
    symptoms.all_seen(hub.observed(bob))
    assert not has_account(hub, "bob.smith")
