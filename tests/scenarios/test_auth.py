"""Authentication and tokens.

Servers holding tokens the hub no longer knows (auth/stale-api-token-reused-container),
and the 500 they lead to (networking/http-500-after-spawn, a router page); a hub that
refuses every login for want of an allow config (auth/no-allow-config-login-refused).

The stale-token page's broken config lets DockerSpawner's containers outlive the hub and be kept when
they stop; the scenario then deletes the hub's database under a running container. Its
servers report activity every second (instead of every 5 minutes), so the rejected reports
show up at once.
"""

from __future__ import annotations

import functools
import re

import pytest

from tests.hub.browser import Browser
from tests.scenarios.reproduce import HUB_VERSION
from tests.scenarios.snippets import container_suffix, exec_section, fragment, run_section
from troubleshoot.model import load_catalogue

pytestmark = pytest.mark.scenario

ENTRY = "stale-api-token-reused-container"
ROUTER = "http-500-after-spawn"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
FIX_SH = f"auth/{ENTRY}/fix.sh"
VERIFY_SH = f"auth/{ENTRY}/verify.sh"

# Test-only config (not a page snippet): report activity every second.
FAST_ACTIVITY = "c.DockerSpawner.environment = {'JUPYTERHUB_ACTIVITY_INTERVAL': '1'}\n"

# Test-only config: a spawner that re-attaches an existing container as DockerSpawner does,
# but keeps the token the hub just issued instead of the one the container was started
# with. That is DockerSpawner before dockerspawner#131, and any spawner that re-attaches
# servers without reporting their token (wrapspawner#43).
NAIVE_REUSE = """
from dockerspawner import DockerSpawner


class NaiveReuseSpawner(DockerSpawner):
    async def start(self):
        issued = self.api_token
        ip_port = await super().start()  # may read the old container's token back ...
        self.api_token = issued  # ... and forget it again
        return ip_port


c.JupyterHub.spawner_class = NaiveReuseSpawner
"""


def activity_403(user: str) -> str:
    return rf"403 POST /hub/api/users/{user}/activity "


# The server's complaint about a rejected report: JupyterHub 6 wording, then 5.x wording.
ACTIVITY_ERRORS = ("activity-error", "activity-error-tornado")


@functools.cache
def activity_error_regex() -> str:
    """The page's patterns for the complaint, those of the JupyterHub release under test."""
    entry = next(e for e in load_catalogue() if e.id == ENTRY)
    return "|".join(
        entry.symptom(s).pattern
        for s in ACTIVITY_ERRORS
        if entry.symptom(s).applies_to(HUB_VERSION)
    )


def start_servers_then_reset_db(hub, users) -> None:
    """Users' servers run; the hub stops (they keep running), loses its database, and
    starts again; the servers' next activity reports are rejected."""
    browsers = {}
    for user in users:  # each login starts a spawn: they run side by side
        browsers[user] = Browser(hub)
        browsers[user].login(user)
    for user, browser in browsers.items():
        spawn = browser.spawn(user, timeout=40)
        assert spawn.ready, f"{spawn.message}\n{browser.trail()}"
        assert browser.working_server(user), browser.trail()
    hub.stop()
    hub.reset_db()
    hub.start()
    for user in users:
        hub.wait_for_log(activity_403(user), source="hub", timeout=20)
        hub.wait_for_log(activity_error_regex(), source=f"singleuser:{user}")


def user_lines(lines: list[str], user: str) -> list[str]:
    return [line for line in lines if re.search(rf"\b{user}\b", line)]


# ---------------------------------------------------------------- stock DockerSpawner 14


@pytest.fixture(scope="module")
def orphans(module_hub_factory):
    """One hub, two users whose containers outlived a database reset."""
    hub = module_hub_factory([BROKEN], spawner="docker", config=FAST_ACTIVITY).start()
    start_servers_then_reset_db(hub, ["you", "alice"])
    return hub


@pytest.mark.reproduces(
    "stale-api-token-reused-container", "activity-403", "activity-error", "activity-error-tornado"
)
def test_remove_stale_container_then_respawn(orphans, engine, symptoms):
    hub = orphans
    seen = hub.observed(users=["you"])
    assert user_lines(symptoms.seen(ENTRY, "activity-403", seen), "you")
    for wording in ACTIVITY_ERRORS:  # the one of the release under test; the other absent
        symptoms.seen(ENTRY, wording, seen)

    # The page's diagnosis, run for real: the kept containers, and the one whose log shows
    # the rejected reports.
    name = container_suffix(hub, "you")
    listed = run_section(FIX_SH, "list-containers", env=engine.env)
    assert f"jupyter-{name}\t" in listed.stdout, listed
    check = run_section(FIX_SH, "check-logs", env=engine.env, name=name)
    assert re.search(activity_error_regex(), check.stdout), check

    # The fix: remove the container; the next spawn creates a new one with a new token.
    removed = run_section(FIX_SH, "remove-container", env=engine.env, name=name)
    assert removed.returncode == 0, removed.stderr
    assert hub.user_container("you") is None
    mark = hub.mark()
    browser = Browser.with_server(hub, "you")
    # The new server reports activity every second, and the hub accepts it.
    hub.wait_for_log(r"200 POST /hub/api/users/you/activity ", source="hub", since=mark, count=3)

    after = hub.observed(browser, since=mark)
    assert not user_lines(symptoms.matching_lines(ENTRY, "activity-403", after), "you")
    for wording in ACTIVITY_ERRORS:
        symptoms.gone(ENTRY, wording, {"singleuser-log": hub.singleuser_log("you")})
    verify = run_section(VERIFY_SH, "verify", env=engine.env, name=name)
    assert verify.stdout.strip() == "0", verify


@pytest.mark.reproduces("stale-api-token-reused-container", "token-not-in-database")
def test_dockerspawner_recovers_token_of_kept_container(orphans, symptoms):
    # DockerSpawner 14 re-attaches the kept container and gives its token back to the hub.
    hub = orphans
    mark = hub.mark()
    browser = Browser.with_server(hub, "alice")
    assert re.search(r"Found existing container \S+-alice", hub.hub_log(run=-1))
    after = hub.observed(browser, since=mark)
    assert user_lines(symptoms.seen(ENTRY, "token-not-in-database", after), "alice")
    # Its activity reports are accepted again (it retries with the same token, after a
    # back-off of up to 15 s), and no 403 follows the first accepted one.
    accepted = r"200 POST /hub/api/users/alice/activity "
    hub.wait_for_log(accepted, source="hub", since=mark, timeout=30)
    later = hub.mark()
    hub.wait_for_log(accepted, source="hub", since=later, count=2)
    after = hub.observed(since=later)
    assert not user_lines(symptoms.matching_lines(ENTRY, "activity-403", after), "alice")


# ---------------------------------------------------------------- a spawner that re-attaches naively


@pytest.mark.reproduces(
    "stale-api-token-reused-container",
    "client-secret-mismatch",
    "oauth-token-401",
    "invalid-client",
)
@pytest.mark.reproduces("http-500-after-spawn", "internal-server-error", "oauth-callback-500")
def test_naive_reattach_fails_login_until_container_removed(hub_factory, engine, symptoms):
    hub = hub_factory([BROKEN], spawner="docker", config=FAST_ACTIVITY + NAIVE_REUSE).start()
    start_servers_then_reset_db(hub, ["you"])

    # The next spawn re-attaches the old container at once; the login through it fails:
    # its OAuth client secret is its old token.
    browser = Browser(hub)
    browser.login("you")
    page = browser.open("user/you/files/hello.txt")
    assert page.status == 500 and "/oauth_callback" in page.path, browser.trail()
    assert re.search(r"Found existing container \S+-you", hub.hub_log(run=-1))
    seen = hub.observed(browser)
    for symptom in ("client-secret-mismatch", "oauth-token-401", "invalid-client"):
        symptoms.seen(ENTRY, symptom, seen)
    symptoms.seen(ROUTER, "internal-server-error", seen)
    symptoms.seen(ROUTER, "oauth-callback-500", seen)

    # The fix: remove the container. The hub notices at its next poll (the harness polls
    # every 2 s), and the next spawn creates a new container with a new token.
    removed = run_section(
        FIX_SH, "remove-container", env=engine.env, name=container_suffix(hub, "you")
    )
    assert removed.returncode == 0, removed.stderr
    hub.wait_for_log(r"User you server stopped", source="hub", timeout=15)
    mark = hub.mark()
    fresh = Browser.with_server(hub, "you")
    after = hub.observed(fresh, since=mark)
    for symptom in ("client-secret-mismatch", "oauth-token-401", "invalid-client"):
        symptoms.gone(ENTRY, symptom, after)
    symptoms.gone(ROUTER, "internal-server-error", after)
    symptoms.gone(ROUTER, "oauth-callback-500", after)


# ---------------------------------------------------------------- the lasting fix


def test_fix_config_leaves_no_stale_server_behind(hub_factory, symptoms):
    # The same database reset, with the page's lasting fix on top of the broken config:
    # the hub stops the servers when it stops, and their containers are removed.
    hub = hub_factory([BROKEN, FIX], spawner="docker", config=FAST_ACTIVITY).start()
    Browser.with_server(hub, "you")
    hub.stop()
    assert hub.user_container("you") is None
    hub.reset_db()
    hub.start()

    mark = hub.mark()
    fresh = Browser.with_server(hub, "you")
    hub.wait_for_log(r"200 POST /hub/api/users/you/activity ", source="hub", since=mark, count=2)
    after = {**hub.observed(fresh, since=mark), "hub-log": hub.hub_log(run=-1)}
    symptoms.gone(ENTRY, "activity-403", after)
    for wording in ACTIVITY_ERRORS:
        symptoms.gone(ENTRY, wording, after)
    symptoms.gone(ENTRY, "token-not-in-database", after)


# ---------------------------------------------------------------- no-allow-config-login-refused

NO_ALLOW = "no-allow-config-login-refused"
NO_ALLOW_BROKEN = fragment(f"auth/{NO_ALLOW}/broken.py")
NO_ALLOW_CHECK = f"auth/{NO_ALLOW}/check.sh"
# broken.py's shared password, as the page shows it.
SHARED_PASSWORD = "a-long-shared-password"


def login_status(hub, name: str) -> str:
    """The page's check.sh, run on the hub's machine: 302 (logged in) or 403 (refused)."""
    result = exec_section(hub, NO_ALLOW_CHECK, "check", name=name, password=SHARED_PASSWORD)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


@pytest.mark.reproduces(
    "no-allow-config-login-refused",
    "no-allow-config",
    "user-not-allowed",
    "invalid-username-or-password",
)
def test_no_allow_config_refuses_the_right_password(hub_factory, symptoms):
    # The page's configuration decides who may log in: no harness authenticator.
    hub = hub_factory([NO_ALLOW_BROKEN], authenticator=None)
    hub.start()
    alice = Browser(hub)
    refused = alice.login("alice", SHARED_PASSWORD)
    assert refused.status == 403 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"Failed login for 'alice'", source="hub")
    seen = hub.observed(alice)
    for symptom in ("no-allow-config", "user-not-allowed", "invalid-username-or-password"):
        symptoms.seen(NO_ALLOW, symptom, seen)
    assert login_status(hub, "alice") == "403"

    # The fix: name the users. Alice gets in and reaches her server; carol, not named,
    # is still refused.
    hub.reconfigure([NO_ALLOW_BROKEN, fragment(f"auth/{NO_ALLOW}/fix.py")])
    hub.restart()
    symptoms.gone(NO_ALLOW, "no-allow-config", hub.observed(run=-1))
    mark = hub.mark()
    assert login_status(hub, "alice") == "302"
    alice = Browser(hub)
    alice.login("alice", SHARED_PASSWORD)
    assert alice.logged_in, alice.trail()
    assert alice.spawn("alice").ready and alice.working_server("alice"), alice.trail()
    after = hub.observed(alice, since=mark)
    for symptom in ("user-not-allowed", "invalid-username-or-password"):
        symptoms.gone(NO_ALLOW, symptom, after)
    assert login_status(hub, "carol") == "403"

    # The other fix, allow_all: everyone who knows the shared password gets in.
    hub.reconfigure([NO_ALLOW_BROKEN, fragment(f"auth/{NO_ALLOW}/allow-all.py")])
    hub.restart()
    symptoms.gone(NO_ALLOW, "no-allow-config", hub.observed(run=-1))
    assert login_status(hub, "carol") == "302"
