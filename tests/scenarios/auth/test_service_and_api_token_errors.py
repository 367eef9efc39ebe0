"""auth/service-and-api-token-errors: scripts and services refused by the hub's API, and
the old ways of giving them tokens (api_tokens, admin: True).

The requests a script makes are sent with curl from the hub's container (to the hub's own
port, as a script on the hub's machine would), so what it prints lands in the shell
transcript. A token made with `expires_in` of two seconds stands in for a token that
expired after days.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.hub.sections import exec_section, fragment, run_section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "service-and-api-token-errors"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
SHORT = fragment(f"auth/{ENTRY}/short-token.py")
CHECK = f"auth/{ENTRY}/check.sh"
FIX_SH = f"auth/{ENTRY}/fix.sh"
TOKEN_SH = f"auth/{ENTRY}/token.sh"
API = "http://127.0.0.1:8081/hub/api"


def tokens_in(path) -> dict[str, str]:
    """The tokens a config fragment of the page sets, by the name they belong to."""
    text = path.read_text()
    found = {name: token for token, name in re.findall(r'"([0-9a-f]{64})": "([^"]+)"', text)}
    for name, token in re.findall(
        r'"name": "([^"]+)",\s*"api_token": "([0-9a-f]{64})"', text, re.S
    ):
        found[name] = token
    return found


BROKEN_TOKENS = tokens_in(BROKEN)
ALICE, BOT = BROKEN_TOKENS["alice"], BROKEN_TOKENS["report-bot"]
READER = tokens_in(FIX)["report-reader"]


def curl(hub, path: str, *headers: str, method: str = "GET") -> str:
    """What a script prints for one request: the body, then HTTP <status>."""
    extra = " ".join(f"-H '{h}'" for h in headers)
    done = hub.exec(f"curl -s -w '\\nHTTP %{{http_code}}\\n' -X {method} {extra} {API}/{path}")
    assert done.exit_code == 0, done.output
    return done.stdout


def whoami(hub, token: str) -> str:
    done = exec_section(hub, CHECK, "whoami", token=token)
    assert done.exit_code == 0, done.output
    return done.stdout


def status(out: str) -> int:
    return int(re.search(r"^HTTP (\d+)$", out, re.M).group(1))


def admin_token(hub) -> str:
    """A token allowed to list and delete users' tokens, for the page's commands that need
    an admin's: the harness's own service token (its role has the `tokens` scope)."""
    return hub.driver_token


def no_admin_flag(tmp_path):
    """Test-only: broken.py with its admin: True line deleted, and nothing else changed."""
    path = tmp_path / "test-only-no-admin-flag.py"
    text = BROKEN.read_text()
    assert '        "admin": True,\n' in text
    path.write_text(text.replace('        "admin": True,\n', ""))
    return path


@pytest.mark.reproduces(
    "service-and-api-token-errors", "api-tokens-pending-deprecation", "service-admin-deprecated"
)
def test_api_tokens_and_admin_service_still_work_with_warnings(hub_factory, symptoms, tmp_path):
    hub = hub_factory([BROKEN])
    hub.start()
    symptoms.all_seen(hub.observed())
    assert check_names(hub, ENTRY)  # the page's check finds api_tokens and admin: True
    # Deprecated, not removed: both tokens work, the service as an admin.
    me = whoami(hub, ALICE)
    assert status(me) == 200 and '"kind": "user"' in me and '"name": "alice"' in me, me
    bot = whoami(hub, BOT)
    assert '"roles": ["admin"]' in bot, bot
    assert status(curl(hub, "users", f"Authorization: token {BOT}")) == 200
    # A user who exists only through api_tokens has no role until they log in: the token
    # says who they are and can do nothing else.
    assert '"scopes": []' in me, me
    UserClient(hub).login("alice")
    assert '"scopes": []' not in whoami(hub, ALICE)
    # The admin warning comes only when the hub creates the service; the role stays.
    hub.restart()
    assert "sets `admin: True`" not in hub.hub_log(run=-1)
    assert '"roles": ["admin"]' in whoami(hub, BOT)

    # Removing admin: True is not enough: the service keeps the admin role it was given.
    hub.reconfigure([no_admin_flag(tmp_path)])
    hub.restart()
    assert '"roles": ["admin"]' in whoami(hub, BOT)

    # The fix: no api_tokens; the service under a new name, with a new token and a role.
    hub.reconfigure([FIX])
    hub.restart()
    symptoms.all_gone(hub.observed(run=-1))
    assert not check_names(hub, ENTRY)
    assert status(whoami(hub, BOT)) == 403  # the old service, its role and token are gone
    reader = whoami(hub, READER)
    assert status(reader) == 200 and '"name": "report-reader"' in reader, reader
    assert '"list:users", "read:servers", "read:users:activity"' in reader, reader
    assert '"admin:users"' not in reader and '"admin": false' in reader, reader
    assert status(curl(hub, "users", f"Authorization: token {READER}")) == 200
    refused = curl(hub, "users/carol", f"Authorization: token {READER}", method="POST")
    assert status(refused) == 403, refused
    # The token api_tokens made is still in the database, and still works ...
    assert status(whoami(hub, ALICE)) == 200
    admin = admin_token(hub)
    listed = exec_section(hub, CHECK, "tokens", token=admin, name="alice")
    assert listed.exit_code == 0 and '"note": "from config"' in listed.stdout, listed.output
    token_id = re.search(r'"id": "([^"]+)"[^{}]*"note": "from config"', listed.stdout)
    if token_id is None:
        token_id = re.search(r'"note": "from config"[^{}]*"id": "([^"]+)"', listed.stdout)
    # ... until it is deleted.
    gone = exec_section(
        hub, FIX_SH, "revoke", token=admin, name="alice", token_id=token_id.group(1)
    )
    assert gone.exit_code == 0 and "HTTP 204" in gone.stdout, gone.output
    assert status(whoami(hub, ALICE)) == 403


@pytest.mark.reproduces(
    "service-and-api-token-errors",
    "missing-credentials",
    "missing-credentials-json",
    "whoami-anonymous",
    "whoami-null-json",
    "whoami-forbidden-json",
)
def test_authorization_header_forms(hub_factory, symptoms):
    hub = hub_factory()
    hub.start()
    assert hub.api("POST", "users/you").status_code == 201
    r = hub.api("POST", "users/you/tokens", json={"note": "script"})
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    # What scripts send that the hub does not read: the token is ignored, the request is
    # anonymous.
    for header in (
        f"Authorization: token: {token}",
        f"Authorization: {token}",
        f"X-Token: {token}",
    ):
        out = curl(hub, "user", header)
        assert status(out) == 403, (header, out)
    out = curl(hub, "users/you")  # no header at all
    assert status(out) == 403, out
    symptoms.all_seen(hub.observed())

    # The two forms the hub reads (any case): token ... and Bearer ...
    mark = hub.mark()
    out = whoami(hub, token)
    assert status(out) == 200 and '"name": "you"' in out, out
    assert status(curl(hub, "users/you", f"Authorization: Bearer {token}")) == 200
    assert status(curl(hub, "users/you", f"authorization: TOKEN {token}")) == 200
    symptoms.all_gone(hub.observed(since=mark))


@pytest.mark.reproduces(
    "service-and-api-token-errors", "whoami-anonymous", "whoami-null-json", "whoami-forbidden-json"
)
def test_expired_token(hub_factory, symptoms):
    hub = hub_factory()
    hub.start()
    assert hub.api("POST", "users/you").status_code == 201
    r = hub.api("POST", "users/you/tokens", json={"note": "nightly report", "expires_in": 2})
    assert r.status_code == 201 and r.json()["expires_at"], r.text
    token = r.json()["token"]
    assert status(whoami(hub, token)) == 200
    admin = admin_token(hub)
    listed = exec_section(hub, CHECK, "tokens", token=admin, name="you")
    assert '"note": "nightly report"' in listed.stdout, listed.output
    time.sleep(3)
    out = whoami(hub, token)
    assert status(out) == 403, out
    symptoms.all_seen(hub.observed())
    # The list no longer has it: the hub deleted it.
    listed = exec_section(hub, CHECK, "tokens", token=admin, name="you")
    assert listed.exit_code == 0 and "nightly report" not in listed.stdout, listed.output

    # The fix: a new token (the Token page; here through the API), with a longer life.
    mark = hub.mark()
    r = hub.api("POST", "users/you/tokens", json={"note": "nightly report", "expires_in": 3600})
    assert r.status_code == 201, r.text
    assert status(whoami(hub, r.json()["token"])) == 200
    symptoms.all_gone(hub.observed(since=mark))


@pytest.mark.reproduces("service-and-api-token-errors", "token-too-short", "token-too-short-v4")
def test_service_token_too_short(hub_factory, symptoms, tmp_path):
    hub = hub_factory([SHORT])
    assert hub.start_until_exit(timeout=30) == 1
    symptoms.all_seen(hub.observed())

    # The fix: a token made by openssl, in place of the short one.
    made = run_section(TOKEN_SH, "new")  # on the host: the hub's container has exited
    token = made.stdout.strip()
    assert made.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}", token), made.stderr
    fixed = tmp_path / "long-token.py"
    fixed.write_text(SHORT.read_text().replace('"secret"', f'"{token}"'))
    with hub.held_start():
        assert check_names(hub, ENTRY)  # the configuration that made it exit
        hub.reconfigure([fixed])
    symptoms.all_gone(hub.observed(run=-1))
    assert not check_names(hub, ENTRY)
    assert '"name": "report-bot"' in whoami(hub, token)
