"""auth/oauth-username-claim-missing: GenericOAuthenticator against a real OpenID Connect
provider; the claim named as the user name does not arrive (scope not asked for, or a
claim the provider never sends), or arrives as an e-mail address no list was written for."""

from __future__ import annotations

import re

import pytest

from tests.hub.idp import OidcProvider
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "oauth-username-claim-missing"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
DEFAULT_CLAIM = fragment(f"auth/{ENTRY}/default-claim.py")
EMAIL = fragment(f"auth/{ENTRY}/email.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
CHECK = f"auth/{ENTRY}/check.sh"

# What the provider knows about alice; each claim is released only under its scope.
ACCOUNTS = {
    "alice": {
        "preferred_username": "alice",
        "name": "Alice Liddell",
        "email": "alice@example.org",
        "email_verified": True,
    }
}


def check(hub, section: str, **params) -> str:
    result = exec_section(hub, CHECK, section, **params)
    return result.stdout.strip()


def sign_in(hub, idp) -> tuple[UserClient, object]:
    client = UserClient(hub)
    return client, idp.sign_in(client, "alice")


@pytest.mark.reproduces("oauth-username-claim-missing", "no-claim-found", "email-name-not-allowed")
def test_username_claim_missing_then_fixed(hub_factory, image, engine, symptoms, tmp_path):
    idp = OidcProvider(engine, image, accounts=ACCOUNTS)
    wiring = idp.wiring(tmp_path)
    hub = hub_factory([wiring, BROKEN], authenticator=None, spawner="simple").start()
    idp.start(hub)
    assert check_names(hub, ENTRY)  # the page's check: preferred_username without profile

    # scope = ["openid"]: the provider sends sub alone, preferred_username is missing.
    alice, landed = sign_in(hub, idp)
    assert landed.status == 500 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"ValueError: .*No preferred_username found", source="hub")
    lines = symptoms.seen(ENTRY, "no-claim-found", hub.observed(alice))
    assert any("No preferred_username found in {'sub': 'alice'}." in line for line in lines)
    assert check(hub, "asked") == "&scope=openid"
    offered = check(hub, "offered", issuer=idp.internal_url)
    claims = re.search(r"^claims: (.*)$", offered, re.M).group(1).split()
    assert "preferred_username" in claims and "username" not in claims, offered

    # The scopes are enough, but the claim is left at GenericOAuthenticator's default.
    hub.reconfigure([wiring, DEFAULT_CLAIM])
    hub.restart()
    assert check_names(hub, ENTRY)  # the page's check: OpenID Connect, no username_claim
    alice, landed = sign_in(hub, idp)
    assert landed.status == 500 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"ValueError: .*No username found", source="hub", run=-1)
    lines = symptoms.seen(ENTRY, "no-claim-found", hub.observed(alice, run=-1))
    assert any("'preferred_username': 'alice'" in line for line in lines), lines

    # The e-mail address as the name: the claim arrives, the allow list does not match it.
    hub.reconfigure([wiring, BROKEN, EMAIL])
    hub.restart()
    alice, landed = sign_in(hub, idp)
    assert landed.status == 403 and not alice.logged_in, alice.trail()
    hub.wait_for_log(r"not allowed", source="hub", run=-1)
    symptoms.seen(ENTRY, "email-name-not-allowed", hub.observed(alice, run=-1))
    assert hub.api("GET", "users/alice@example.org").status_code == 404

    # The fix: ask for "profile" and name preferred_username.
    hub.reconfigure([wiring, BROKEN, FIX])
    hub.restart()
    assert not check_names(hub, ENTRY)
    alice, landed = sign_in(hub, idp)
    assert alice.logged_in, alice.trail()
    hub.wait_for_log(re.compile(r"User logged in: alice$", re.M), source="hub", run=-1)
    assert hub.api("GET", "users/alice").status_code == 200
    assert alice.spawn("alice").ready and alice.working_server("alice"), alice.trail()
    assert check(hub, "asked") == "&scope=openid+profile"
    symptoms.all_gone(hub.observed(alice, run=-1))
