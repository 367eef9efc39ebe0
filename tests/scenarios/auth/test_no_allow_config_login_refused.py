"""auth/no-allow-config-login-refused: a hub that refuses every login, the right password
included, for want of an allow config."""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "no-allow-config-login-refused"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
# broken.py's shared password, as the page shows it.
SHARED_PASSWORD = "a-long-shared-password"
# Test-only: fix.py's allowed_users line alone, to show what allow_existing_users defaults to.
ALLOWED_ONLY = 'c.Authenticator.allowed_users = {"alice", "bob"}\n'


def login_status(hub, name: str) -> str:
    """The page's check.sh, run on the hub's machine: 302 (logged in) or 403 (refused)."""
    result = exec_section(
        hub, f"auth/{ENTRY}/check.sh", "check", name=name, password=SHARED_PASSWORD
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def fixed_with(hub, fix: str, user: str, *more: str) -> UserClient:
    """The hub restarted with a fix of the page (and more of its fragments); ``user``
    logs in with the password."""
    hub.reconfigure([BROKEN, *(fragment(f"auth/{ENTRY}/{f}") for f in (fix, *more))])
    hub.restart()
    assert login_status(hub, user) == "302"
    client = UserClient(hub)
    client.login(user, SHARED_PASSWORD)
    assert client.logged_in, client.trail()
    return client


@pytest.mark.reproduces(
    "no-allow-config-login-refused",
    "no-allow-config",
    "user-not-allowed",
    "invalid-username-or-password",
)
def test_no_allow_config_refuses_the_right_password(hub_factory, symptoms, tmp_path):
    # The page's configuration decides who may log in: no harness authenticator.
    hub = hub_factory([BROKEN], authenticator=None)
    hub.start()
    # dave is in the hub's database (added by an admin, or a login from before the
    # upgrade), and on no list.
    assert hub.api("POST", "users/dave").status_code == 201
    alice = UserClient(hub)
    refused = alice.login("alice", SHARED_PASSWORD)
    assert refused.status == 403 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"Failed login for 'alice'", source="hub")
    symptoms.all_seen(hub.observed(alice))
    assert login_status(hub, "alice") == "403"
    assert login_status(hub, "dave") == "403"  # being in the database is not enough
    # The page's check finds it in the hub's own configuration, and no fix below has it.
    assert check_names(hub, ENTRY)

    # The fix: name the users. Alice gets in and reaches her server; carol, not named,
    # is still refused; dave, not named but in the database, gets in too
    # (allow_existing_users, the page's warning).
    alice = fixed_with(hub, "fix.py", "alice")
    assert alice.spawn("alice").ready and alice.working_server("alice"), alice.trail()
    symptoms.all_gone(hub.observed(alice, run=-1))
    assert not check_names(hub, ENTRY)
    assert login_status(hub, "carol") == "403"
    assert login_status(hub, "dave") == "302"

    # Without the allow_existing_users line: the default once allowed_users is set.
    hub.reconfigure([BROKEN, scratch_fragment(tmp_path, "allowed-users-only", ALLOWED_ONLY)])
    hub.restart()
    assert login_status(hub, "dave") == "302"

    # The warning's way to close it: only the users listed get in.
    fixed_with(hub, "fix.py", "alice", "listed-only.py")
    assert login_status(hub, "dave") == "403"
    assert login_status(hub, "carol") == "403"

    # The other fix, allow_all: everyone who knows the shared password gets in.
    carol = fixed_with(hub, "allow-all.py", "carol")
    symptoms.all_gone(hub.observed(carol, run=-1))
    assert not check_names(hub, ENTRY)
