"""auth/oauth-state-cookie-missing: the OAuth login's state cookie does not come back with
the callback. With a real OpenID Connect provider (tests/hub/idp.py): a callback URL on
another host name than the one users open, then the page's fix; a callback opened again
(a reload, the back button); two logins started in one browser. Then the same check in a
user's server (the hub as its OAuth provider), whose state cookie the browser dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.idp import OidcProvider
from tests.hub.sections import fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "oauth-state-cookie-missing"
PROVIDER_ENTRY = "oauth-provider-misconfigured"  # its scope, callback fix and check.sh:sent
SCOPE = fragment(f"auth/{PROVIDER_ENTRY}/scope.py")
ACCOUNTS = {"alice": {"preferred_username": "ally"}}
ALLOWED = 'c.GenericOAuthenticator.allowed_users = {"ally"}\n'  # test-only: who may log in
# The pages' example names of one hub: users open the first; broken.py's callback names
# the second. Here they become 127.0.0.1 (the hub's public URL) and localhost.
PUBLIC = "https://hub.example.org"
OTHER = "https://jupyter.example.org"


def for_this_hub(rel: str, hub, tmp_path: Path) -> Path:
    """A page's fragment with the example names replaced by this hub's two names."""
    text = fragment(rel).read_text(encoding="utf-8")
    assert PUBLIC in text or OTHER in text, f"snippets/{rel} names neither example host"
    text = text.replace(PUBLIC, hub.url.rstrip("/"))
    text = text.replace(OTHER, f"http://localhost:{hub.host_port}")
    return scratch_fragment(tmp_path, rel.replace("/", "-").removesuffix(".py"), text)


def redirect_uri_sent(hub) -> str:
    done = run_section(f"auth/{PROVIDER_ENTRY}/check.sh", "sent", public_url=hub.url.rstrip("/"))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def callback_hop(client):
    return next(h for h in reversed(client.history) if "/hub/oauth_callback?" in h.url)


@pytest.mark.reproduces(
    "oauth-state-cookie-missing",
    "state-missing",
    "state-missing-page",
    "state-mismatch",
    "state-mismatch-page",
    "singleuser-state-warning",
    "singleuser-state-mismatch",
    "singleuser-state-missing",
    "singleuser-state-missing-old",
    "unused-state-cookies",
)
def test_state_cookie_does_not_come_back(hub_factory, image, engine, symptoms, tmp_path):
    idp = OidcProvider(engine, image, accounts=ACCOUNTS)
    wiring = idp.wiring(tmp_path)
    allowed = scratch_fragment(tmp_path, "allowed", ALLOWED)
    hub = hub_factory([wiring, allowed, SCOPE], authenticator=None, spawner="simple").start()
    # The provider has both callback URLs registered: it is not the one refusing here.
    public_callback = hub.url + "hub/oauth_callback"
    other_callback = f"http://localhost:{hub.host_port}/hub/oauth_callback"
    idp.redirect_uris = [other_callback, public_callback]
    # broken.py names the hub's port, known once it runs: the hub starts again with it.
    hub.reconfigure(
        [wiring, allowed, SCOPE, for_this_hub(f"auth/{ENTRY}/broken.py", hub, tmp_path)]
    )
    hub.restart()
    idp.start(hub)

    # Users open 127.0.0.1; the provider sends them back to localhost, without the cookie.
    assert redirect_uri_sent(hub) == other_callback
    lost = UserClient(hub)
    landed = idp.sign_in(lost, "alice")
    assert landed.status == 400 and landed.url.startswith(other_callback), lost.trail()
    assert not lost.logged_in
    hub.wait_for_log(r"OAuth state missing from cookies", source="hub")
    observed = hub.observed(lost)
    symptoms.seen(ENTRY, "state-missing", observed)
    symptoms.seen(ENTRY, "state-missing-page", observed)

    # The fix: the callback under the address users open.
    hub.reconfigure(
        [wiring, allowed, SCOPE, for_this_hub(f"auth/{PROVIDER_ENTRY}/fix.py", hub, tmp_path)]
    )
    hub.restart()
    assert redirect_uri_sent(hub) == public_callback
    ally = UserClient(hub)
    idp.sign_in(ally, "alice")
    assert ally.logged_in, ally.trail()
    symptoms.all_gone(hub.observed(ally, run=-1))

    # A stale tab: the callback page opened again (reload, back button, a bookmark) finds
    # its state cookie used up.
    mark = hub.mark()
    again = ally.get(callback_hop(ally).url)
    assert again.status == 400, ally.trail()
    hub.wait_for_log(r"OAuth state missing from cookies", source="hub", since=mark)

    # Two logins started in one browser (two tabs): the second overwrote the state cookie,
    # so the first comes back with a state the cookie no longer holds.
    tabs = UserClient(hub)
    first = tabs.get("hub/oauth_login", follow=False)
    tabs.get("hub/oauth_login", follow=False)
    landed = idp.sign_in(tabs, "alice", start=first.location)
    assert landed.status == 400 and not tabs.logged_in, tabs.trail()
    hub.wait_for_log(r"OAuth state mismatch: ", source="hub")
    observed = hub.observed(tabs)
    symptoms.seen(ENTRY, "state-mismatch", observed)
    symptoms.seen(ENTRY, "state-mismatch-page", observed)
    # Starting again from the hub's login page works.
    idp.sign_in(tabs, "alice")
    assert tabs.logged_in, tabs.trail()

    # A user's server checks its own state cookie (the hub is its OAuth provider).
    assert ally.spawn("ally").ready, ally.trail()
    opened = ally.get("user/ally/files/hello.txt", follow=False)
    assert opened.status == 302 and "/hub/api/oauth2/authorize" in opened.location
    ally.get("user/ally/files/hello.txt", follow=False)  # a second tab, same moment
    granted = ally.get(opened.location, follow=False)
    assert granted.status == 302 and "/user/ally/oauth_callback?" in granted.location
    # The browser no longer has the server's state cookie (it expired after ten minutes, a
    # proxy or a browser setting dropped it): the callback is refused.
    for cookie in list(ally.session.cookies):
        if "-oauth-state" in cookie.name:
            ally.session.cookies.clear(cookie.domain, cookie.path, cookie.name)
    refused = ally.get(granted.location)
    assert refused.status == 403, ally.trail()
    # A callback without its state at all (a link cut short).
    cut = ally.get("user/ally/oauth_callback?code=not-a-code")
    assert cut.status in (400, 500), ally.trail()
    hub.wait_for_log(r"state is missing\. Try logging in again", source="singleuser:ally")
    symptoms.seen(ENTRY, "unused-state-cookies", hub.observed())
    symptoms.seen(ENTRY, "singleuser-state-warning", hub.observed())
    symptoms.seen(ENTRY, "singleuser-state-mismatch", hub.observed())
    symptoms.seen(ENTRY, "singleuser-state-missing", hub.observed())
    symptoms.seen(ENTRY, "singleuser-state-missing-old", hub.observed())
    # Opening the server's page again starts a new login with a new cookie, and works.
    assert ally.working_server("ally"), ally.trail()
