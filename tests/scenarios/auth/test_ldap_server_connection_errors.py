"""auth/ldap-server-connection-errors: LDAPAuthenticator against a real LDAP server
(Debian's slapd, tests/hub/ldap.py: ldap:// with StartTLS on 389, ldaps:// on 636, a
self-signed certificate) that the hub cannot reach, reaches with TLS in the wrong place,
does not trust, or asks for a user's entry it does not find. Each broken state is logged
in as a user of the directory, its message read from the hub's log, and the page's fix
applied until the same user logs in."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.hub.config import HUB_CONFIG, scratch_fragment
from tests.hub.ldap import ADMIN_DN, ALIAS, LdapServer
from tests.hub.sections import exec_section, section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import SymptomNotSeen

pytestmark = pytest.mark.scenario

ENTRY = "ldap-server-connection-errors"
BROKEN = f"auth/{ENTRY}/broken.py"
FIX = f"auth/{ENTRY}/fix.py"
LDAPS = f"auth/{ENTRY}/ldaps.py"
LOOKUP = f"auth/{ENTRY}/lookup.py"
UNTRUSTED = f"auth/{ENTRY}/untrusted.py"
CHECK = f"auth/{ENTRY}/check.sh"
CA_FILE = "/etc/jupyterhub/ldap-ca.pem"  # where the fixes' tls_kwargs look for the CA
SYSTEM_CAS = "/etc/ssl/certs/ca-certificates.crt"  # the hub machine's own list
USER, PASSWORD = "alice", "alice-password"
# The page's example values, replaced by this directory's as a reader writes their own.
EXAMPLE_HOST = "ldap.example.org"
EXAMPLE_SEARCH_USER = "cn=jupyterhub,ou=services,dc=example,dc=org"
# Test-only: a DN template that matches (the TLS tests are not about it) and who may log
# in (JupyterHub 5 lets nobody in without an allow setting; not this page's topic).
BASE = (
    'c.LDAPAuthenticator.bind_dn_template = ["uid={username},ou=people,dc=example,dc=org"]\n'
    f"c.LDAPAuthenticator.allowed_users = {{{USER!r}}}\n"
)


def page_section(tmp_path: Path, rel: str, name: str, host: str = ALIAS) -> Path:
    """A config section of the page as a fragment of its own, with the example server
    name and search account replaced by this directory's."""
    text = section(rel, name).replace(EXAMPLE_HOST, host)
    text = text.replace(EXAMPLE_SEARCH_USER, ADMIN_DN)
    label = f"{Path(rel).stem}-{name}-{host.replace('.', '-')}"
    return scratch_fragment(tmp_path, label, text)


def restart_with(hub, fragments) -> None:
    hub.reconfigure(fragments)
    hub.restart()


def log_in(hub) -> UserClient:
    """A user of the directory fills in the login form with their right password."""
    browser = UserClient(hub, timeout=30)
    browser.login(USER, PASSWORD)
    return browser


def seen_soon(symptoms, hub, browser, *ids: str, timeout: float = 15) -> dict[str, str]:
    """Each symptom in what this start of the hub printed (a log line may come a moment
    after the response that caused it)."""
    deadline = time.monotonic() + timeout
    while True:
        observed = hub.observed(browser, run=-1)
        try:
            for symptom_id in ids:
                symptoms.seen(ENTRY, symptom_id, observed)
            return observed
        except SymptomNotSeen:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def refused(symptoms, hub, *ids: str, status: int | None = None) -> UserClient:
    browser = log_in(hub)
    assert not browser.logged_in, browser.trail()
    if status is not None:
        assert browser.history[-1].status == status, browser.trail()
    seen_soon(symptoms, hub, browser, *ids)
    return browser


def gets_in(symptoms, hub) -> UserClient:
    """The user logs in and reaches the hub, and no claimed message is left."""
    browser = log_in(hub)
    assert browser.logged_in, f"{browser.trail()}\n{hub.hub_log(run=-1)[-3000:]}"
    assert "/hub/login" not in browser.history[-1].url, browser.trail()
    assert hub.api("GET", f"users/{USER}").status_code == 200
    time.sleep(0.5)
    symptoms.all_gone(hub.observed(browser, run=-1))
    return browser


def try_login(hub) -> str:
    """The page's check.sh:try on the hub's machine: LDAPAuthenticator with the hub's
    configuration file, outside the hub; the password as the reader types it."""
    done = exec_section(
        hub, CHECK, "try", config=HUB_CONFIG, username=USER, env={"LDAP_PASSWORD": PASSWORD}
    )
    return done.output


def server_check(hub, name: str, ca: str):
    return exec_section(hub, CHECK, name, server=ALIAS, ca=ca)


@pytest.mark.reproduces(
    "ldap-server-connection-errors",
    "login-uncaught",
    "socket-refused",
    "ssl-wrapping-error",
    "use-ssl-deprecated",
    "session-terminated",
    "starttls-on-tls",
)
def test_wrong_port_and_tls_mode(hub_factory, image, engine, symptoms, tmp_path):
    directory = LdapServer(engine, image, users={USER: PASSWORD})
    wiring = directory.wiring(tmp_path)
    base = scratch_fragment(tmp_path, "base", BASE)
    hub = hub_factory([wiring, base], authenticator=None, spawner="simple")
    hub.start()
    directory.start(hub)
    hub.write_file(CA_FILE, directory.certificate())

    # A port the server does not listen on.
    port = scratch_fragment(tmp_path, "wrong-port", "c.LDAPAuthenticator.server_port = 10389\n")
    restart_with(hub, [wiring, base, port])
    refused(symptoms, hub, "login-uncaught", "socket-refused", status=500)
    # The reader's check, on the LDAP port: the server is there; the port set is wrong.
    check = server_check(hub, "starttls", CA_FILE)
    assert check.stdout.strip() == "anonymous", check

    # TLS from the first byte (a 1.x configuration's use_ssl) on the plain LDAP port.
    tls_on_plain = scratch_fragment(
        tmp_path,
        "use-ssl-on-389",
        "c.LDAPAuthenticator.use_ssl = True\nc.LDAPAuthenticator.server_port = 389\n",
    )
    restart_with(hub, [wiring, base, tls_on_plain])
    refused(symptoms, hub, "ssl-wrapping-error", "use-ssl-deprecated", status=500)

    # StartTLS (the default) on the ldaps port.
    starttls_on_ldaps = scratch_fragment(
        tmp_path, "starttls-on-636", "c.LDAPAuthenticator.server_port = 636\n"
    )
    restart_with(hub, [wiring, base, starttls_on_ldaps])
    refused(symptoms, hub, "session-terminated", status=500)

    # The page's example: ldaps:// in server_address, port 636, StartTLS left on.
    url = page_section(tmp_path, BROKEN, "url")
    assert f'"ldaps://{ALIAS}"' in url.read_text()
    restart_with(hub, [wiring, base, url])
    refused(symptoms, hub, "starttls-on-tls", status=500)

    # The fixes: StartTLS on 389, or ldaps on 636, each with the CA checked.
    restart_with(hub, [wiring, base, url, page_section(tmp_path, FIX, "starttls")])
    gets_in(symptoms, hub)
    restart_with(hub, [wiring, base, url, page_section(tmp_path, LDAPS, "ldaps")])
    gets_in(symptoms, hub)
    check = server_check(hub, "ldaps", CA_FILE)
    assert check.stdout.strip() == "anonymous", check


@pytest.mark.reproduces(
    "ldap-server-connection-errors",
    "login-uncaught",
    "starttls-verify-failed",
    "ssl-wrapping-verify-failed",
    "ca-file-invalid",
    "certificate-name-mismatch",
)
def test_certificate_not_trusted(hub_factory, image, engine, symptoms, tmp_path):
    directory = LdapServer(engine, image, users={USER: PASSWORD})
    wiring = directory.wiring(tmp_path)
    base = scratch_fragment(tmp_path, "base", BASE)
    hub = hub_factory([wiring, base], authenticator=None, spawner="simple")
    hub.start()
    directory.start(hub)

    # Certificate checks on; the self-signed certificate is in no list the hub has.
    verify = page_section(tmp_path, UNTRUSTED, "verify")
    restart_with(hub, [wiring, base, verify])
    refused(symptoms, hub, "login-uncaught", "starttls-verify-failed", status=500)
    untrusted = server_check(hub, "starttls", SYSTEM_CAS)
    assert untrusted.exit_code != 0 and "Connect error (-11)" in untrusted.output, untrusted.output

    # The same with TLS from the start (ldaps).
    ldaps_verify = scratch_fragment(
        tmp_path,
        "ldaps-verify",
        "import ssl\n"
        'c.LDAPAuthenticator.tls_strategy = "on_connect"\n'
        'c.LDAPAuthenticator.tls_kwargs = {"validate": ssl.CERT_REQUIRED}\n',
    )
    restart_with(hub, [wiring, base, ldaps_verify])
    refused(symptoms, hub, "ssl-wrapping-verify-failed", status=500)

    # The page's fix, before its CA file is on the hub's machine.
    starttls = page_section(tmp_path, FIX, "starttls")
    restart_with(hub, [wiring, base, starttls])
    refused(symptoms, hub, "ca-file-invalid", status=500)

    # The CA file in place, but the server written as an IP address the certificate
    # does not name.
    hub.write_file(CA_FILE, directory.certificate())
    check = server_check(hub, "starttls", CA_FILE)
    assert check.stdout.strip() == "anonymous", check
    address = hub.exec(f"getent hosts {ALIAS}").stdout.split()[0]
    by_address = page_section(tmp_path, FIX, "starttls", host=address)
    restart_with(hub, [wiring, base, by_address])
    refused(symptoms, hub, "certificate-name-mismatch", status=500)

    # The fix: the CA file, and the name the certificate has.
    restart_with(hub, [wiring, base, starttls])
    gets_in(symptoms, hub)


@pytest.mark.reproduces(
    "ldap-server-connection-errors",
    "bind-failed",
    "lookup-no-response",
    "lookup-denied",
    "lookup-search-user-bind-failed",
    "invalid-attribute",
    "filter-found-none",
)
def test_user_entry_not_found(hub_factory, image, engine, symptoms, tmp_path):
    directory = LdapServer(engine, image, users={USER: PASSWORD})
    wiring = directory.wiring(tmp_path)
    base = scratch_fragment(tmp_path, "base", BASE)
    # lookup.py reads the search account's password from the hub's environment.
    env = {"LDAP_SEARCH_PASSWORD": directory.admin_password}
    hub = hub_factory([wiring, base], authenticator=None, spawner="simple", env=env)
    hub.start()
    directory.start(hub)

    # A DN template with an OU the people are not in.
    template = page_section(tmp_path, BROKEN, "template")
    restart_with(hub, [wiring, base, template])
    refused(symptoms, hub, "bind-failed")
    tried = try_login(hub)
    assert "Attempting to bind uid=alice,ou=users,dc=example,dc=org" in tried, tried
    assert "invalidCredentials" in tried and tried.startswith("None"), tried
    fixed_template = page_section(tmp_path, FIX, "template")
    restart_with(hub, [wiring, base, template, fixed_template])
    gets_in(symptoms, hub)
    assert try_login(hub).startswith(USER)

    # A lookup made anonymously: the directory lets anonymous clients bind, not read.
    lookup = page_section(tmp_path, BROKEN, "lookup")
    restart_with(hub, [wiring, base, lookup])
    refused(symptoms, hub, "lookup-no-response", "lookup-denied")

    # The page's lookup, with a search password that is not the account's.
    fixed_lookup = page_section(tmp_path, LOOKUP, "lookup")
    wrong_password = scratch_fragment(
        tmp_path,
        "wrong-search-password",
        'c.LDAPAuthenticator.lookup_dn_search_password = "not-the-password"\n',
    )
    restart_with(hub, [wiring, base, fixed_lookup, wrong_password])
    refused(symptoms, hub, "lookup-search-user-bind-failed", "lookup-denied")

    # An Active Directory attribute against OpenLDAP's schema.
    ad_attribute = scratch_fragment(
        tmp_path, "ad-attribute", 'c.LDAPAuthenticator.user_attribute = "sAMAccountName"\n'
    )
    restart_with(hub, [wiring, base, fixed_lookup, ad_attribute])
    refused(symptoms, hub, "invalid-attribute", status=500)

    restart_with(hub, [wiring, base, fixed_lookup])
    gets_in(symptoms, hub)
    tried = try_login(hub)
    assert tried.startswith(USER) and "Looking up user with" in tried, tried

    # A search filter on an object class the people's entries do not have.
    search_filter = page_section(tmp_path, BROKEN, "filter")
    restart_with(hub, [wiring, base, search_filter])
    refused(symptoms, hub, "filter-found-none")
    assert try_login(hub).startswith("None")
    restart_with(hub, [wiring, base, search_filter, page_section(tmp_path, FIX, "filter")])
    gets_in(symptoms, hub)
    assert try_login(hub).startswith(USER)
