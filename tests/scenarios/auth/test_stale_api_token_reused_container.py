"""auth/stale-api-token-reused-container: servers holding tokens the hub no longer knows,
and the 500 they lead to (networking/http-500-after-spawn, a router page).

The page's broken config lets DockerSpawner's containers outlive the hub and be kept when
they stop; the scenario then deletes the hub's database under a running container. Its
servers report activity every second (instead of every 5 minutes), so the rejected reports
show up at once.
"""

from __future__ import annotations

import functools
import re

import pytest

from tests.hub.sections import container_suffix, exec_section, fragment, run_section
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until
from tests.scenarios.reproduce import HUB_VERSION
from troubleshoot.model import load_catalogue

pytestmark = pytest.mark.scenario

ENTRY = "stale-api-token-reused-container"
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


# Test-only config: users may have named servers besides their default one.
NAMED_SERVERS = "c.JupyterHub.allow_named_servers = True\n"


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
        browsers[user] = UserClient(hub)
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


# A single-user server from before 0.8 checked each request's cookie with the hub, with
# its own token; this is that request, sent from the user's container with its token.
LEGACY_COOKIE_CHECK = (
    'curl -s -o /dev/null -w "%{http_code}" -H "Authorization: token $JUPYTERHUB_API_TOKEN" '
    '"$JUPYTERHUB_API_URL/authorizations/cookie/jupyterhub-hub-login/not-a-cookie"'
)


def legacy_cookie_check(hub, user: str) -> str:
    """The status the hub answers a pre-0.8 server's cookie check with."""
    done = hub.exec_user(user, ["sh", "-c", LEGACY_COOKIE_CHECK])
    assert done.exit_code == 0, done.output
    return done.stdout.strip()


# ---------------------------------------------------------------- stock DockerSpawner 14


@pytest.fixture(scope="module")
def orphans(module_hub_factory):
    """One hub, two users whose containers outlived a database reset."""
    hub = module_hub_factory([BROKEN], spawner="docker", config=FAST_ACTIVITY).start()
    start_servers_then_reset_db(hub, ["you", "alice"])
    return hub


@pytest.mark.reproduces(
    "stale-api-token-reused-container",
    "activity-403",
    "activity-error",
    "activity-error-tornado",
    "legacy-cookie-403",
)
def test_remove_stale_container_then_respawn(orphans, engine, symptoms):
    hub = orphans
    # The cookie check of a pre-0.8 server: still routed behind token authentication, so
    # the stale token gets a 403, logged as the 2016 page shows it.
    assert legacy_cookie_check(hub, "you") == "403"
    hub.wait_for_log(r"403 GET /hub/api/authorizations/cookie/\S+/\[secret\] ", source="hub")
    # Both wordings: the one of the release under test; the other must be absent.
    found = symptoms.all_seen(hub.observed(users=["you"]))
    assert user_lines(found[ENTRY, "activity-403"], "you")

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
    browser = UserClient.with_server(hub, "you")
    # The new server reports activity every second, and the hub accepts it.
    hub.wait_for_log(r"200 POST /hub/api/users/you/activity ", source="hub", since=mark, count=3)

    after = hub.observed(browser, since=mark)
    assert not user_lines(symptoms.matching_lines(ENTRY, "activity-403", after), "you")
    for wording in ACTIVITY_ERRORS:
        symptoms.gone(ENTRY, wording, {"singleuser-log": hub.singleuser_log("you")})
    verify = run_section(VERIFY_SH, "verify", env=engine.env, name=name)
    assert verify.stdout.strip() == "0", verify
    # With a valid token the deprecated endpoint answers (404: no such cookie), and warns.
    mark = hub.mark()
    assert legacy_cookie_check(hub, "you") == "404"
    hub.wait_for_log(r"/authorizations/cookie endpoint is deprecated", source="hub", since=mark)
    symptoms.gone(ENTRY, "legacy-cookie-403", hub.observed(since=mark))


@pytest.mark.reproduces("stale-api-token-reused-container", "token-not-in-database")
def test_dockerspawner_recovers_token_of_kept_container(orphans, symptoms):
    # DockerSpawner 14 re-attaches the kept container and gives its token back to the hub.
    hub = orphans
    mark = hub.mark()
    browser = UserClient.with_server(hub, "alice")
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
def test_naive_reattach_fails_login_until_container_removed(hub_factory, symptoms):
    hub = hub_factory([BROKEN], spawner="docker", config=FAST_ACTIVITY + NAIVE_REUSE).start()
    start_servers_then_reset_db(hub, ["you"])

    # The next spawn re-attaches the old container at once; the login through it fails:
    # its OAuth client secret is its old token.
    browser = UserClient(hub)
    browser.login("you")
    # Re-attached at once on a quiet machine; on a busy one the login may land on the
    # pending page first: wait for the hub to call the server ready.
    hub.wait_server_ready("you", timeout=30)
    page = browser.open("user/you/files/hello.txt")
    assert page.status == 500 and "/oauth_callback" in page.path, browser.trail()
    assert re.search(r"Found existing container \S+-you", hub.hub_log(run=-1))
    symptoms.all_seen_soon(lambda: hub.observed(browser))

    # The fix: remove the container. The hub notices at its next poll (the harness polls
    # every 2 s), and the next spawn creates a new container with a new token.
    name = container_suffix(hub, "you")
    removed = run_section(FIX_SH, "remove-container", env=hub.engine.env, name=name)
    assert removed.returncode == 0, removed.stderr
    hub.wait_for_log(r"User you server stopped", source="hub", timeout=15)
    mark = hub.mark()
    fresh = UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(fresh, since=mark))


# ---------------------------------------------------------------- the lasting fix


def test_fix_config_leaves_no_stale_server_behind(hub_factory, symptoms):
    # The same database reset, with the page's lasting fix on top of the broken config:
    # the hub stops the servers when it stops, and their containers are removed.
    hub = hub_factory([BROKEN, FIX], spawner="docker", config=FAST_ACTIVITY).start()
    UserClient.with_server(hub, "you")
    hub.stop()
    assert hub.user_container("you") is None
    hub.reset_db()
    hub.start()

    mark = hub.mark()
    fresh = UserClient.with_server(hub, "you")
    hub.wait_for_log(r"200 POST /hub/api/users/you/activity ", source="hub", since=mark, count=2)
    after = {**hub.observed(fresh, since=mark), "hub-log": hub.hub_log(run=-1)}
    symptoms.gone(ENTRY, "activity-403", after)
    for wording in ACTIVITY_ERRORS:
        symptoms.gone(ENTRY, wording, after)
    symptoms.gone(ENTRY, "token-not-in-database", after)


# ---------------------------------------------------------------- stop every server first


def test_stop_all_servers_stops_named_servers_too(hub_factory):
    # The page's step before touching the database, on a hub whose users have a default
    # and a named server.
    hub = hub_factory([BROKEN], spawner="docker", config=NAMED_SERVERS).start()
    for user in ("you", "alice"):
        assert hub.api("POST", f"users/{user}").status_code == 201
    hub.start_server("you")
    hub.start_server("alice", "analysis")

    def active() -> list[tuple[str, str]]:
        users = hub.api("GET", "users?state=active").json()
        return sorted((u["name"], s) for u in users for s in u["servers"])

    assert active() == [("alice", "analysis"), ("you", "")]

    # Pasted unchanged (no token set): it fails and stops nothing.
    unchanged = exec_section(hub, FIX_SH, "stop-all-servers")
    assert unchanged.exit_code != 0 and "nothing stopped" in unchanged.output, unchanged.output
    assert active() == [("alice", "analysis"), ("you", "")]

    # With an admin's token: both servers, the named one included, and it ends.
    stopped = exec_section(hub, FIX_SH, "stop-all-servers", token=hub.driver_token)
    assert stopped.exit_code == 0, stopped.output
    answers = dict(reversed(line.split(" ", 1)) for line in stopped.stdout.splitlines())
    assert sorted(answers) == ["alice analysis", "you (default server)"], stopped.stdout
    assert set(answers.values()) <= {"202", "204"}, stopped.stdout
    wait_until(lambda: not active(), "every server stopped", 30)
    for user, server in (("you", ""), ("alice", "analysis")):
        container = hub.user_container(user, server)
        container.reload()
        assert container.status == "exited", (user, server, container.status)

    # Run again: nothing left to stop, nothing printed.
    again = exec_section(hub, FIX_SH, "stop-all-servers", token=hub.driver_token)
    assert again.exit_code == 0 and again.stdout == "", again.output
