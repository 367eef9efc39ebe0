"""auth/oauth-provider-misconfigured: GenericOAuthenticator against a real OpenID Connect
provider (npm's oidc-provider, tests/hub/idp.py) that refuses what the hub sends it: a
request without scopes, a callback URL it does not have, the client's secret, and (with
TLS) a certificate the hub cannot verify. Each is fixed with the page's fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hub.config import HUB_CONFIG, scratch_fragment
from tests.hub.idp import OidcProvider
from tests.hub.sections import exec_section, fragment, run_section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "oauth-provider-misconfigured"
SCOPE = fragment(f"auth/{ENTRY}/scope.py")
SECRET = fragment(f"auth/{ENTRY}/secret.py")
CA = fragment(f"auth/{ENTRY}/ca.py")
CA_FILE = "/etc/jupyterhub/idp-ca.pem"  # where ca.py and check.sh:tls-ca look for it
# The provider's account "alice" has the claim preferred_username "ally": the hub user.
ACCOUNTS = {"alice": {"preferred_username": "ally"}}
# Test-only: who may log in (not this page's topic).
ALLOWED = 'c.GenericOAuthenticator.allowed_users = {"ally"}\n'
# The pages' example address, replaced by this hub's public URL.
EXAMPLE_URL = "https://hub.example.org"


def for_this_hub(rel: str, hub, tmp_path: Path) -> Path:
    """A page's fragment with its example address replaced by the hub's public URL (known
    once the hub runs), as a reader writes their own address into it."""
    text = fragment(rel).read_text(encoding="utf-8")
    assert EXAMPLE_URL in text, f"snippets/{rel} no longer names {EXAMPLE_URL}"
    name = rel.replace("/", "-").removesuffix(".py")
    return scratch_fragment(tmp_path, name, text.replace(EXAMPLE_URL, hub.url.rstrip("/")))


def check_found(hub) -> str:
    """What `check`, run on the hub's own configuration, found for this page: the facts
    of each of its checks that fired, one a line (each names the setting it read)."""
    report = hub.troubleshoot_check(HUB_CONFIG)
    return "\n".join(fact for f in report["findings"] if f["entry"] == ENTRY for fact in f["found"])


def redirect_uri_sent(hub) -> str:
    """The page's check.sh:sent, on the reader's machine (here the host, where the hub's
    public URL answers): the callback URL the hub sends to the provider."""
    done = run_section(f"auth/{ENTRY}/check.sh", "sent", public_url=hub.url.rstrip("/"))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def token_check(hub, idp, secret: str) -> str:
    """The page's check.sh:token, on the hub's machine, with the given secret."""
    done = exec_section(
        hub,
        f"auth/{ENTRY}/check.sh",
        "token",
        token_url=f"{idp.internal_url}/token",
        client_id=idp.client_id,
        client_secret=secret,
    )
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.reproduces(
    "oauth-provider-misconfigured",
    "oauth-error",
    "oauth-error-page",
    "no-code",
    "no-code-page",
    "redirect-uri-unregistered",
    "token-401",
    "token-401-exception",
    "callback-uncaught",
)
def test_provider_refuses_scope_callback_and_secret(hub_factory, image, engine, symptoms, tmp_path):
    idp = OidcProvider(engine, image, accounts=ACCOUNTS)
    allowed = scratch_fragment(tmp_path, "allowed", ALLOWED)
    wiring = idp.wiring(tmp_path)
    # secret.py reads the client's id and secret from the hub's environment.
    env = {"OAUTH_CLIENT_ID": idp.client_id, "OAUTH_CLIENT_SECRET": idp.client_secret}
    hub = hub_factory([wiring, allowed], authenticator=None, spawner="simple", env=env)
    hub.start()
    idp.start(hub)
    # The page's check finds the missing scope in the configuration, and only that.
    found = check_found(hub)
    assert "none of *.scope is set" in found and "oauth_callback_url" not in found, found

    # 1. No scope (OAuthenticator's default): the provider grants nothing and sends the
    # browser back with error=access_denied.
    denied = UserClient(hub)
    landed = idp.sign_in(denied, "alice")
    assert landed.status == 400 and "/hub/oauth_callback?error=" in landed.url, denied.trail()
    symptoms.seen(ENTRY, "oauth-error-page", hub.observed(denied))
    hub.wait_for_log(r"OAuth error: access_denied", source="hub")
    symptoms.seen(ENTRY, "oauth-error", hub.observed())

    # The callback opened without the provider's answer (a bookmark, a copied link).
    bookmark = UserClient(hub)
    assert bookmark.get("hub/oauth_callback").status == 400, bookmark.trail()
    hub.wait_for_log(r"OAuth callback made without a code", source="hub")
    observed = hub.observed(bookmark)
    symptoms.seen(ENTRY, "no-code", observed)
    symptoms.seen(ENTRY, "no-code-page", observed)

    # 2. Scopes asked for, but a callback URL the provider does not have: its error page.
    hub.reconfigure(
        [wiring, allowed, SCOPE, for_this_hub(f"auth/{ENTRY}/broken.py", hub, tmp_path)]
    )
    hub.restart()
    sent = redirect_uri_sent(hub)
    assert sent == hub.url + "oauth_callback", sent  # not the registered .../hub/oauth_callback
    found = check_found(hub)  # the page's check: the callback, and no more the scope
    assert "oauth_callback_url = " in found and "scope" not in found, found
    mismatch = UserClient(hub)
    landed = idp.sign_in(mismatch, "alice")
    assert landed.status == 400 and landed.url.startswith(idp.browser_url), mismatch.trail()
    symptoms.seen(ENTRY, "redirect-uri-unregistered", hub.observed(mismatch))

    # 3. The callback fixed; the secret in the configuration is not the provider's.
    callback = for_this_hub(f"auth/{ENTRY}/fix.py", hub, tmp_path)
    stale = scratch_fragment(
        tmp_path, "stale-secret", 'c.GenericOAuthenticator.client_secret = "a-secret-from-before"\n'
    )
    hub.reconfigure([wiring, allowed, SCOPE, callback, stale])
    hub.restart()
    assert redirect_uri_sent(hub) == hub.url + "hub/oauth_callback"
    assert not check_names(hub, ENTRY)  # a wrong secret shows in no setting
    refused = UserClient(hub)
    landed = idp.sign_in(refused, "alice")
    assert landed.status == 500 and not refused.logged_in, refused.trail()
    hub.wait_for_log(r"HTTPClientError: HTTP 401", source="hub")
    symptoms.seen(ENTRY, "token-401", hub.observed())
    symptoms.seen(ENTRY, "token-401-exception", hub.observed())
    symptoms.seen(ENTRY, "callback-uncaught", hub.observed())
    wrong = token_check(hub, idp, "a-secret-from-before")
    assert "HTTP 401" in wrong and "invalid_client" in wrong, wrong
    right = token_check(hub, idp, idp.client_secret)
    assert "HTTP 400" in right and "invalid_grant" in right, right

    # The fix: the id and secret of the client, from the hub's environment.
    hub.reconfigure([wiring, allowed, SCOPE, callback, SECRET])
    hub.restart()
    assert not check_names(hub, ENTRY)
    ally = UserClient(hub)
    idp.sign_in(ally, "alice")
    assert ally.logged_in, ally.trail()
    assert hub.api("GET", "users/ally").status_code == 200
    symptoms.all_gone(hub.observed(ally, run=-1))


@pytest.mark.reproduces(
    "oauth-provider-misconfigured", "certificate-verify-failed", "callback-uncaught"
)
def test_provider_certificate_not_trusted(hub_factory, image, engine, symptoms, tmp_path):
    idp = OidcProvider(engine, image, accounts=ACCOUNTS, tls=True)
    allowed = scratch_fragment(tmp_path, "allowed", ALLOWED)
    wiring = idp.wiring(tmp_path)  # https://idp:9000/... for the hub
    hub = hub_factory([wiring, allowed, SCOPE], authenticator=None, spawner="simple")
    hub.start()
    idp.start(hub)
    host, port = "idp", "9000"

    refused = UserClient(hub)
    landed = idp.sign_in(refused, "alice")
    assert landed.status == 500 and not refused.logged_in, refused.trail()
    hub.wait_for_log(r"CERTIFICATE_VERIFY_FAILED", source="hub")
    symptoms.all_seen(hub.observed())
    untrusted = exec_section(hub, f"auth/{ENTRY}/check.sh", "tls", host=host, port=port)
    assert "Verify return code: 18 (self-signed certificate)" in untrusted.stdout, untrusted.output

    # The fix: the provider's CA on the hub's machine, and the hub told to use it.
    hub.write_file(CA_FILE, idp.certificate())
    trusted = exec_section(
        hub, f"auth/{ENTRY}/check.sh", "tls-ca", host=host, port=port, ca=CA_FILE
    )
    assert "Verify return code: 0 (ok)" in trusted.stdout, trusted.output
    hub.reconfigure([wiring, allowed, SCOPE, CA])
    hub.restart()
    ally = UserClient(hub)
    idp.sign_in(ally, "alice")
    assert ally.logged_in, ally.trail()
    symptoms.all_gone(hub.observed(ally, run=-1))
