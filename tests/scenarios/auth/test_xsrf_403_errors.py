"""auth/xsrf-403-errors: forms and API requests refused by the hub's XSRF check.

Each test starts a hub and submits what a browser or a script would: a custom login page
without the `_xsrf` field, a login form posted from another address than the page was
fetched from (proxy replicas), a login page older than its cookie, and API requests made
with a browser's cookies. Then it applies the page's fixes and shows the refusal gone.

Stand-ins, said once here: the hub takes a request's address from `X-Real-IP` (tornado's
`xheaders`, which JupyterHub turns on), so two different `X-Real-IP` values are what the
hub sees behind two proxy replicas that do not pass the browser's address on, and one
value on both requests is what it sees behind proxies that do (the page's nginx.conf).
A cookie removed from the client's jar is the anonymous `_xsrf` cookie expired (it lives
one hour). `curl` with the browser's cookies in the hub's container is a script that
reuses a login session; `Sec-Fetch-Mode: cors` is what a browser's `fetch()` sends.
"""

from __future__ import annotations

import html
import re
import time

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "xsrf-403-errors"
TEMPLATES = "/etc/jupyterhub/templates"
TEMPLATES_PY = fragment(f"auth/{ENTRY}/templates.py")
OLD_LOGIN = fragment(f"auth/{ENTRY}/old-login.html")
FIXED_LOGIN = fragment(f"auth/{ENTRY}/fixed-login.html")
NGINX = fragment(f"auth/{ENTRY}/nginx.conf")
DISABLE = fragment(f"auth/{ENTRY}/disable-xsrf.py")
CHECK = f"auth/{ENTRY}/check.sh"
HUB_ENV = f"auth/{ENTRY}/hub-env.sh"
API_SCRIPT = f"auth/{ENTRY}/api-script.sh"

# Two proxy replicas, each seen by the hub as the request's address.
REPLICA_A, REPLICA_B = "10.0.0.11", "10.0.0.12"
BROWSER = "203.0.113.7"  # the browser's own address, as a proxy that passes it on sends it

_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


# JUPYTERHUB_XSRF_ANONYMOUS_IP_CIDRS and the login form's own message are new in 5.3.
HAS_5_3 = version_tuple(HUB_VERSION) >= (5, 3)


def form_fields(page: str) -> dict[str, str]:
    """The named inputs of the page's form, with their values: what a browser submits."""
    fields = {}
    for tag in _INPUT.findall(page):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs:
            fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    return fields


def submit_login(
    b: UserClient, user: str, *, page_from: dict | None = None, post_from: dict | None = None
):
    """Open the login page and submit its form as a person would (only the fields the
    form has); the last hop: 302 when the hub took the login, 403 when it refused."""
    page = b.get("hub/login", headers=page_from)
    assert page.status == 200, b.trail()
    fields = form_fields(page.body)
    fields.update(username=user, password="any-password")
    return b.request("POST", "hub/login", data=fields, headers=post_from, follow=False)


def cookie_header(b: UserClient) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in b.session.cookies)


def script_with_cookies(hub, b: UserClient, method: str, path: str, *headers: str):
    """A script on the hub's machine that reuses a browser's login cookies (no token)."""
    extra = " ".join(f"-H '{h}'" for h in headers)
    done = hub.exec(
        f"curl -s -w '\\nHTTP %{{http_code}}\\n' -X {method} {extra} "
        f"-H 'Cookie: {cookie_header(b)}' http://127.0.0.1:8081/hub/api/{path}"
    )
    assert done.exit_code == 0, done.output
    return done.stdout


def same_browser(b: UserClient) -> UserClient:
    """The same browser (its cookies), with a transcript that starts now."""
    again = UserClient(b.base)
    again.session.cookies = b.session.cookies
    return again


def logged_in_client(hub, user: str) -> UserClient:
    b = UserClient(hub)
    hop = submit_login(b, user)
    assert hop.status == 302 and b.logged_in, b.trail()
    return b


def hub_log_file(hub) -> str:
    """The hub's log where the page's commands look for it."""
    path = "/var/log/jupyterhub.log"
    hub.write_file(path, hub.hub_log())
    return path


@pytest.mark.reproduces(
    "xsrf-403-errors", "login-xsrf-missing", "login-form-expired", "xsrf-missing"
)
def test_custom_login_page_without_xsrf_field(hub_factory, symptoms):
    hub = hub_factory([TEMPLATES_PY])
    hub.write_file(f"{TEMPLATES}/login.html", OLD_LOGIN.read_text())
    hub.start()
    b = UserClient(hub)
    refused = submit_login(b, "you")
    assert refused.status == 403 and not b.logged_in, b.trail()
    found = exec_section(hub, CHECK, "templates", templates=TEMPLATES)
    assert found.exit_code == 0 and f"no _xsrf field: {TEMPLATES}/login.html" in found.stdout

    symptoms.all_seen(hub.observed(b))

    # The fix: the hidden _xsrf field in the custom page.
    mark = hub.mark()
    hub.write_file(f"{TEMPLATES}/login.html", FIXED_LOGIN.read_text())
    hub.restart()
    fixed = UserClient(hub)
    assert submit_login(fixed, "you").status == 302 and fixed.logged_in, fixed.trail()
    after = exec_section(hub, CHECK, "templates", templates=TEMPLATES)
    assert after.exit_code == 0 and "no _xsrf field" not in after.stdout, after.output
    symptoms.all_gone(hub.observed(fixed, since=mark))


@pytest.mark.reproduces(
    "xsrf-403-errors",
    "login-xsrf-mismatch",
    "login-form-expired",
    "login-form-expired-page",
    "xsrf-mismatch",
)
def test_address_changes_between_page_and_post(hub_factory, symptoms):
    hub = hub_factory()
    hub.start()
    b = UserClient(hub)
    refused = submit_login(
        b, "you", page_from={"X-Real-IP": REPLICA_A}, post_from={"X-Real-IP": REPLICA_B}
    )
    assert refused.status == 403 and not b.logged_in, b.trail()
    symptoms.all_seen(hub.observed(b))
    shown = exec_section(hub, CHECK, "addresses", log=hub_log_file(hub))
    assert shown.exit_code == 0, shown.output
    assert f"200 GET /hub/login (@{REPLICA_A})" in shown.stdout, shown.stdout
    assert f"403 POST /hub/login (@{REPLICA_B})" in shown.stdout, shown.stdout

    # The fix: proxies that pass the browser's own address on (nginx.conf): the hub sees
    # the same address on the page and on the form.
    assert "proxy_set_header X-Real-IP $remote_addr;" in NGINX.read_text()
    mark = hub.mark()
    passed_on = {"X-Real-IP": BROWSER}
    ok = UserClient(hub)
    assert submit_login(ok, "you", page_from=passed_on, post_from=passed_on).status == 302
    assert ok.logged_in, ok.trail()
    symptoms.all_gone(hub.observed(ok, since=mark))


def anonymous_cidrs() -> str:
    """The value the page's hub-env.sh exports."""
    match = re.search(
        r'^export JUPYTERHUB_XSRF_ANONYMOUS_IP_CIDRS="([^"]+)"$', section(HUB_ENV, "cidrs"), re.M
    )
    assert match, "hub-env.sh exports no JUPYTERHUB_XSRF_ANONYMOUS_IP_CIDRS"
    return match.group(1)


def test_anonymous_cidrs_fix(hub_factory):
    """The other fix, where the proxies cannot be changed: the hub counts the replicas'
    network as one address. JupyterHub 5.3 and later; 4.1 ignores the variable."""
    hub = hub_factory(env={"JUPYTERHUB_XSRF_ANONYMOUS_IP_CIDRS": anonymous_cidrs()})
    hub.start()
    b = UserClient(hub)
    hop = submit_login(
        b, "you", page_from={"X-Real-IP": REPLICA_A}, post_from={"X-Real-IP": REPLICA_B}
    )
    if HAS_5_3:
        assert hop.status == 302 and b.logged_in, b.trail()
    else:
        assert hop.status == 403, b.trail()


@pytest.mark.reproduces("xsrf-403-errors", "login-xsrf-mismatch", "xsrf-mismatch")
def test_login_page_older_than_its_cookie(hub_factory, symptoms):
    hub = hub_factory()
    hub.start()
    # The anonymous _xsrf cookie lives an hour: a login page left open longer is
    # submitted without it.
    b = UserClient(hub)
    page = b.get("hub/login")
    fields = form_fields(page.body)
    b.session.cookies.clear()
    time.sleep(1.5)  # a token made in the same second as the page's would be the same
    fields.update(username="you", password="any-password")
    hop = b.request("POST", "hub/login", data=fields, follow=False)
    assert hop.status == 403, b.trail()
    symptoms.all_seen(hub.observed(b))

    # A hub restarted with a new cookie secret: a page fetched before no longer matches.
    c = UserClient(hub)
    page = c.get("hub/login")
    hub.exec("rm -f /srv/jupyterhub/jupyterhub_cookie_secret")
    hub.restart()
    fields = form_fields(page.body)
    fields.update(username="you", password="any-password")
    assert c.request("POST", "hub/login", data=fields, follow=False).status == 403
    assert "Writing cookie_secret" in hub.hub_log(run=-1)

    # The fix for the user: load the login page again. For the hub: keep the secret, so
    # a restart does not invalidate the pages users have open.
    mark = hub.mark()
    again = submit_login(b, "you")
    assert again.status == 302 and b.logged_in, b.trail()
    d = UserClient(hub)
    page = d.get("hub/login")
    hub.restart()
    assert "Loading cookie_secret" in hub.hub_log(run=-1)
    fields = form_fields(page.body)
    fields.update(username="you", password="any-password")
    assert d.request("POST", "hub/login", data=fields, follow=False).status == 302
    symptoms.all_gone(hub.observed(b, since=mark))


@pytest.mark.reproduces(
    "xsrf-403-errors", "xsrf-missing", "xsrf-missing-json", "xsrf-missing-get", "skipping-xsrf"
)
def test_api_requests_with_cookies(hub_factory, symptoms):
    hub = hub_factory()
    hub.start()
    b = logged_in_client(hub, "you")
    # A script that reuses the browser's cookies: its POST is refused, its GET passes
    # with a warning.
    out = script_with_cookies(hub, b, "POST", "users/you/server")
    assert out.rstrip().endswith("HTTP 403"), out
    out = script_with_cookies(hub, b, "GET", "user")
    assert out.rstrip().endswith("HTTP 200"), out
    # A page's JavaScript (fetch) that calls the API without the token: even a GET.
    out = script_with_cookies(hub, b, "GET", "user", "Sec-Fetch-Mode: cors")
    assert out.rstrip().endswith("HTTP 403"), out
    symptoms.all_seen(hub.observed(b))

    # The fix: the script sends a token, and needs no _xsrf.
    mark = hub.mark()
    r = hub.api("POST", "users/you/tokens", json={"note": "start-servers script"})
    assert r.status_code == 201, r.text
    done = exec_section(hub, API_SCRIPT, "token", token=r.json()["token"], name="you")
    assert done.exit_code == 0, done.output
    assert re.search(r"^HTTP 20[12]$", done.stdout, re.M), done.stdout
    hub.wait_server_ready("you")
    symptoms.all_gone(hub.observed(b, since=mark))


# Test-only config: a spawn page with a form (an options form), which a user may leave open.
OPTIONS_FORM = 'c.Spawner.options_form = \'<input name="size" value="small">\'\n'


@pytest.mark.reproduces("xsrf-403-errors", "xsrf-mismatch", "error-page-mismatch")
def test_page_left_open_across_a_new_login(hub_factory, symptoms, tmp_path):
    hub = hub_factory([scratch_fragment(tmp_path, "options-form", OPTIONS_FORM)])
    hub.start()
    b = logged_in_client(hub, "you")
    # Two pages opened in this session: the spawn form and the token page ...
    form = b.get("hub/spawn")
    assert form.status == 200 and 'name="size"' in form.body, b.trail()
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', form.body).group(1))
    token_page = b.get("hub/token")
    old = re.search(r'xsrf_token: "([^"]+)"', token_page.body).group(1)
    # ... then the user logs out and in again in another tab.
    b.get("hub/logout")
    hop = submit_login(b, "you")
    assert hop.status == 302 and b.logged_in, b.trail()
    refused = b.request("POST", action, data={"size": "small"}, follow=False)
    assert refused.status == 403, b.trail()
    # The token page's button calls the API with the old token.
    stale = b.session.post(
        f"{hub.url}hub/api/users/you/tokens?_xsrf={old}",
        json={"note": "from the old tab"},
        headers={"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"},
        timeout=10,
    )
    assert stale.status_code == 403, stale.text
    symptoms.all_seen(hub.observed(b))

    # The fix: load the page again (the same browser: its cookies, a new transcript); its
    # form carries the new session's token.
    mark = hub.mark()
    b = same_browser(b)
    form = b.get("hub/spawn")
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', form.body).group(1))
    started = b.request("POST", action, data={"size": "small"}, follow=False)
    assert started.status == 302, b.trail()
    hub.wait_server_ready("you")
    symptoms.all_gone(hub.observed(b, since=mark))


def test_turning_the_check_off(hub_factory):
    """What the page warns against: with xsrf_cookies off, the refused requests pass, a
    form without _xsrf and a POST that carries only the user's cookies alike (here the
    spawn form's, which another site's page could submit). Removing it restores them."""
    hub = hub_factory([TEMPLATES_PY, DISABLE])
    hub.write_file(f"{TEMPLATES}/login.html", OLD_LOGIN.read_text())
    hub.start()
    b = UserClient(hub)
    assert submit_login(b, "you").status == 302 and b.logged_in, b.trail()
    out = script_with_cookies(hub, b, "POST", "users/you/server")
    assert re.search(r"^HTTP 20[12]$", out, re.M), out
    hub.wait_server_ready("you")
    hub.stop_server("you")
    out = spawn_form_with_cookies(hub, b, "you")
    assert out.strip() == "302", out
    hub.wait_server_ready("you")
    hub.stop_server("you")

    hub.reconfigure([TEMPLATES_PY])
    hub.restart()
    c = UserClient(hub)
    assert submit_login(c, "you").status == 403, c.trail()
    c = UserClient(hub)
    c.get("hub/login")
    hop = c.request(
        "POST",
        "hub/login",
        data={"username": "you", "password": "x", "_xsrf": c.xsrf},
        follow=False,
    )
    assert hop.status == 302, c.trail()
    assert spawn_form_with_cookies(hub, c, "you").strip() == "403"


def spawn_form_with_cookies(hub, b: UserClient, user: str) -> str:
    """The spawn form posted with the user's cookies and nothing else, as a form on
    another site would post it; the status the hub answers."""
    done = hub.exec(
        "curl -s -o /dev/null -w '%{http_code}' -X POST "
        f"-H 'Cookie: {cookie_header(b)}' -d 'x=1' http://127.0.0.1:8081/hub/spawn/{user}"
    )
    assert done.exit_code == 0, done.output
    return done.stdout
