"""auth/username-normalization-mismatch: the hub lower-cases names (Authenticator.
normalize_username), and an account with capitals, the lists in the configuration and a
username_pattern stop matching.

Real PAM with real accounts and passwords (authenticator=None: no DummyAuthenticator), a
hub run as root with LocalProcessSpawner. The account JohnDoe, with capitals, is made
before the hub starts, as an administrator (or a directory such as LDAP through sssd)
would have made it.
"""

from __future__ import annotations

import shlex

import pytest

from tests.hub.config import HUB_CONFIG
from tests.hub.sections import exec_section, fragment, section, with_parameters
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION, check_names

pytestmark = pytest.mark.scenario

# The status of a refused login: JupyterHub 5 answers 403, 4.x the form again with 200.
REFUSED = "200" if HUB_VERSION.startswith("4.") else "403"

ENTRY = "username-normalization-mismatch"
CHECK_SH = f"auth/{ENTRY}/check.sh"
FIX_SH = f"auth/{ENTRY}/fix.sh"
LOGIN_SH = "auth/pam-auth-failure/check.sh"  # the login check this page includes too
PASSWORDS = {"JohnDoe": "John-Pa55-word", "alice": "alice-Pa55-word"}

# Test-only staging: the account with capitals, and real passwords.
MAKE_ACCOUNTS = "useradd --create-home JohnDoe\n" + "\n".join(
    f"printf '%s\\n' {shlex.quote(f'{user}:{password}')} | chpasswd"
    for user, password in PASSWORDS.items()
)


def page(name: str):
    return fragment(f"auth/{ENTRY}/{name}")


def login_status(hub, name: str) -> str:
    """The login check the page includes: 302 (in) or 403 (refused), the password typed."""
    script = with_parameters(section(LOGIN_SH, "login"), name=name)
    result = hub.exec(
        f"# snippets/{LOGIN_SH} [login]\n"
        f"printf '%s\\n' {shlex.quote(PASSWORDS[name])} | sh -ec {shlex.quote(script)}"
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def hub_users(hub) -> list[str]:
    result = exec_section(hub, CHECK_SH, "hub-users", token=hub.driver_token)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def check_found(hub) -> str:
    """What `check`, run on the hub's own configuration, found for this page: the facts
    of each of its checks that fired, one a line (each names the setting it read)."""
    report = hub.troubleshoot_check(HUB_CONFIG)
    return "\n".join(fact for f in report["findings"] if f["entry"] == ENTRY for fact in f["found"])


def restarted(hub, fragments) -> None:
    hub.stop()
    hub.reconfigure(fragments)
    hub.start()


@pytest.mark.reproduces("username-normalization-mismatch", "error-adding-user")
def test_account_with_capitals(hub_factory, symptoms):
    broken = page("broken.py")
    hub = hub_factory([broken], authenticator=None)
    hub.before_start(MAKE_ACCOUNTS)
    hub.start()
    symptoms.all_seen(hub.observed())
    assert "allowed_users = " in check_found(hub)  # the page's check: a name with capitals
    # The name the hub checks is johndoe, which has no account (system-user-missing's message).
    lines = symptoms.seen("system-user-missing", "local-authenticator-no-user", hub.observed())
    assert any("User johndoe " in line for line in lines), lines

    # JohnDoe's password is accepted, under the name johndoe, which has no account.
    john = UserClient(hub)
    john.login("JohnDoe", PASSWORDS["JohnDoe"])
    assert john.logged_in, john.trail()
    spawn = john.spawn("johndoe")
    assert spawn.failed, spawn
    lines = symptoms.seen("system-user-missing", "spawn-failed-getpwnam", hub.observed(john))
    assert any("'johndoe'" in line for line in lines), lines
    assert "johndoe" in hub_users(hub)
    account = exec_section(hub, CHECK_SH, "account", name="johndoe")
    assert account.exit_code == 0, account.output
    assert "no account is named exactly johndoe" in account.stdout
    assert "JohnDoe" in account.stdout.splitlines()

    # A block list written as the account is spelled blocks nobody ...
    restarted(hub, [broken, page("blocked-broken.py")])
    assert login_status(hub, "JohnDoe") == "302"
    assert "blocked_users = " in check_found(hub)
    # ... and blocks johndoe once written in lower case.
    restarted(hub, [broken, page("blocked-fix.py")])
    assert login_status(hub, "JohnDoe") == REFUSED
    assert "blocked_users" not in check_found(hub)
    hub.wait_for_log(r"User 'johndoe' blocked\. Stop authentication", source="hub", run=-1)

    # The PAM fix: keep the account's spelling. The old johndoe is still in the hub's
    # database and still fails at each start, until it is removed.
    restarted(hub, [broken, page("keep-case.py")])
    symptoms.all_seen(hub.observed(run=-1))
    assert not check_names(hub, ENTRY)
    removed = exec_section(hub, FIX_SH, "remove-stale-user", token=hub.driver_token, name="johndoe")
    assert removed.stdout.strip() == "204", removed.output
    hub.restart()
    symptoms.all_gone(hub.observed(run=-1))
    assert sorted(hub_users(hub)) == ["JohnDoe", "alice"]
    john = UserClient(hub)
    john.login("JohnDoe", PASSWORDS["JohnDoe"])
    assert john.spawn("JohnDoe").ready and john.working_server("JohnDoe"), john.trail()

    # The fix for any authenticator: map the lower-cased name back to the account.
    restarted(hub, [broken, page("map.py")])
    symptoms.all_gone(hub.observed(run=-1))
    assert not check_names(hub, ENTRY)
    john = UserClient(hub)
    john.login("JohnDoe", PASSWORDS["JohnDoe"])
    assert john.spawn("JohnDoe").ready and john.working_server("JohnDoe"), john.trail()
    symptoms.all_gone(hub.observed(john, run=-1))


@pytest.mark.reproduces(
    "username-normalization-mismatch", "username-not-valid", "disallowing-invalid-username"
)
def test_pattern_sees_the_lower_cased_name(hub_factory, symptoms):
    broken, pattern = page("broken.py"), page("pattern-broken.py")
    # With the names listed, the hub stops at start-up ...
    hub = hub_factory([broken, pattern], authenticator=None)
    hub.before_start(MAKE_ACCOUNTS)
    hub.start(wait=None)
    assert hub.wait_exit(timeout=40) != 0
    symptoms.seen(ENTRY, "username-not-valid", hub.observed())
    # ... and without a list, every login is refused.
    hub.reconfigure([pattern])
    hub.start()
    assert "username_pattern = " in check_found(hub)  # the page's check
    assert login_status(hub, "JohnDoe") == REFUSED
    assert login_status(hub, "alice") == REFUSED
    hub.wait_for_log(r"Disallowing invalid username 'alice'\.", source="hub", run=-1)
    symptoms.seen(ENTRY, "disallowing-invalid-username", hub.observed(run=-1))

    # The fix: a pattern for the names as the hub keeps them, lower case.
    restarted(hub, [broken, page("pattern-fix.py")])
    assert "username_pattern" not in check_found(hub)
    assert login_status(hub, "alice") == "302"
    assert login_status(hub, "JohnDoe") == "302"  # as johndoe: see the other test
    symptoms.all_gone(hub.observed(run=-1))
