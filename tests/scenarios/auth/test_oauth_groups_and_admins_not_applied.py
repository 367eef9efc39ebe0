"""auth/oauth-groups-and-admins-not-applied: GenericOAuthenticator's allowed_groups and
admin_groups against a real OpenID Connect provider whose accounts carry a `groups` claim:
the scope not asked for, a key that leaves out `oauth_user.`, an OAuthenticator 16
configuration, group paths spelled without their slash; then the page's fix."""

from __future__ import annotations

import re

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.idp import OidcProvider
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "oauth-groups-and-admins-not-applied"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
WRONG_KEY = fragment(f"auth/{ENTRY}/wrong-key.py")
OLD_CONFIG = fragment(f"auth/{ENTRY}/old-config.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
GROUP_PATHS = fragment(f"auth/{ENTRY}/group-paths.py")
SHOW_CLAIMS = fragment(f"auth/{ENTRY}/show-claims.py")
CHECK = f"auth/{ENTRY}/check.sh"

# Each account's groups claim, released by the provider under the "groups" scope only.
ACCOUNTS = {
    "alice": {"preferred_username": "alice", "groups": ["staff"]},
    "bob": {"preferred_username": "bob", "groups": ["hub-admins"]},
    "carol": {"preferred_username": "carol", "groups": ["/staff"]},  # a Keycloak group path
    "mallory": {"preferred_username": "mallory", "groups": ["visitors"]},
}
# Test-only: users allowed by name, so that admin_groups is seen apart from allowed_groups.
LISTED = 'c.GenericOAuthenticator.allowed_users = {"alice", "bob"}\n'


def sign_in(hub, idp, login: str) -> tuple[UserClient, object]:
    client = UserClient(hub)
    return client, idp.sign_in(client, login)


def refused(hub, idp, login: str) -> UserClient:
    client, landed = sign_in(hub, idp, login)
    assert landed.status == 403 and not client.logged_in, client.trail()
    hub.wait_for_log(f"User '{login}' not allowed", source="hub", run=-1)
    return client


def admitted(hub, idp, login: str) -> UserClient:
    client, _ = sign_in(hub, idp, login)
    assert client.logged_in, client.trail()
    return client


def what_hub_made(hub, name: str) -> str:
    """The page's check.sh, on the hub's machine: admin: ... groups: [...]."""
    result = exec_section(hub, CHECK, "groups", token=hub.driver_token, name=name)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


@pytest.mark.reproduces(
    "oauth-groups-and-admins-not-applied",
    "groups-key-missing",
    "not-authorized",
    "manage-groups-required",
    "claim-groups-key-deprecated",
)
def test_groups_not_applied_then_fixed(hub_factory, image, engine, symptoms, tmp_path):
    idp = OidcProvider(engine, image, accounts=ACCOUNTS)
    wiring = idp.wiring(tmp_path)
    hub = hub_factory([wiring, BROKEN, SHOW_CLAIMS], authenticator=None, spawner="simple").start()
    idp.start(hub)

    # No "groups" scope: alice, a member of staff, is refused; the provider sent no groups.
    alice = refused(hub, idp, "alice")
    seen = hub.observed(alice, run=-1)
    for symptom in ("groups-key-missing", "not-authorized"):
        symptoms.seen(ENTRY, symptom, seen)
    assert "The auth_state_groups_key oauth_user.groups does not exist" in seen["hub-log"]
    info = re.search(r"user info from the provider: (\{.*\})", seen["hub-log"]).group(1)
    assert "'preferred_username': 'alice'" in info and "groups" not in info, info

    # Allowed by name instead: bob, a member of hub-admins, logs in but is no admin, and
    # the hub's groups stay empty.
    hub.reconfigure([wiring, BROKEN, scratch_fragment(tmp_path, "listed", LISTED)])
    hub.restart()
    admitted(hub, idp, "bob")
    hub.wait_for_log("User logged in: bob", source="hub", run=-1)
    assert what_hub_made(hub, "bob") == "admin: False groups: []"
    assert "does not exist in the auth_model" in hub.hub_log(run=-1)

    # The scope is asked for, but the key is the claim's name alone.
    hub.reconfigure([wiring, BROKEN, WRONG_KEY])
    hub.restart()
    refused(hub, idp, "alice")
    assert "The auth_state_groups_key groups does not exist" in hub.hub_log(run=-1)

    # A configuration written for OAuthenticator 16: the hub does not start.
    hub.stop()
    hub.reconfigure([wiring, OLD_CONFIG])
    assert hub.start_until_exit(timeout=40) == 1
    seen = hub.observed(run=-1)
    symptoms.seen(ENTRY, "manage-groups-required", seen)
    symptoms.seen(ENTRY, "claim-groups-key-deprecated", seen)

    # The fix: the groups scope, manage_groups, the key in auth_state.
    hub.reconfigure([wiring, FIX])
    hub.start()
    alice = admitted(hub, idp, "alice")
    assert what_hub_made(hub, "alice") == "admin: False groups: ['staff']"
    admitted(hub, idp, "bob")
    assert what_hub_made(hub, "bob") == "admin: True groups: ['hub-admins']"
    assert alice.spawn("alice").ready and alice.working_server("alice"), alice.trail()
    fixed = hub.observed(alice, run=-1)
    for symptom in ("groups-key-missing", "manage-groups-required", "claim-groups-key-deprecated"):
        symptoms.gone(ENTRY, symptom, fixed)
    symptoms.gone(ENTRY, "not-authorized", fixed)  # alice's browser
    # Outside every allowed group: still refused, and no error about the key.
    refused(hub, idp, "mallory")
    # A group path, /staff, is not staff: refused without an error line either.
    refused(hub, idp, "carol")
    symptoms.gone(ENTRY, "groups-key-missing", hub.observed(run=-1))

    # Names written as the provider sends them: carol gets in.
    hub.reconfigure([wiring, FIX, GROUP_PATHS])
    hub.restart()
    admitted(hub, idp, "carol")
    assert what_hub_made(hub, "carol") == "admin: False groups: ['/staff']"
    refused(hub, idp, "alice")  # staff without the slash is no longer allowed
