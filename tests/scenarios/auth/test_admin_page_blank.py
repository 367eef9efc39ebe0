"""auth/admin-page-blank: /hub/admin loads, and shows no users.

A real hub, driven as browsers would drive it. The admin page is a JavaScript app: the hub
serves the page, then the app asks the REST API for the users. The client here makes the
requests the app's code makes (jsx/src/util/withAPI.js and jhapiUtil.js of the release
under test): `GET /hub/api/users?include_stopped_servers...` and `GET /hub/api/groups?...`,
with the page's XSRF token as `_xsrf` and the headers of a browser's `fetch()`.

Stand-ins: the old admin.html is the page's example, put in the template directory before
the hub starts (as it would be after an upgrade); the Content-Security-Policy of one's own
is a test-only fragment, only to show what the page's check prints for it.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "admin-page-blank"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
FIX = fragment(f"auth/{ENTRY}/fix.py")
TEMPLATES_PY = fragment(f"auth/{ENTRY}/templates.py")
OLD_ADMIN = fragment(f"auth/{ENTRY}/old-admin.html")
FIXED_ADMIN = fragment(f"auth/{ENTRY}/fixed-admin.html")
CHECK = f"auth/{ENTRY}/check.sh"
FIX_SH = f"auth/{ENTRY}/fix.sh"
TEMPLATES = "/etc/jupyterhub/templates"

# What a browser's fetch() sends with the admin app's requests.
FETCH = {
    "Sec-Fetch-Mode": "cors",
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Dest": "empty",
    "Accept": "application/jupyterhub-pagination+json",
    "Content-Type": "application/json",
}
MAJOR = int(HUB_VERSION.split(".")[0])


def admin_app_requests(b: UserClient, page):
    """The two lists the admin app asks for: the users (its first page) and the groups
    (its Groups page). JupyterHub 5 and later send every parameter; 4.x fewer."""
    token = re.search(r'xsrf_token: "([^"]*)"', page.body).group(1)
    if MAJOR >= 5:
        users = (
            "hub/api/users?include_stopped_servers=1&offset=0&limit=50"
            f"&name_filter=&sort=id&state=&_xsrf={token}"
        )
    else:
        users = (
            f"hub/api/users?include_stopped_servers&offset=0&limit=50&name_filter=&_xsrf={token}"
        )
    return (
        b.get(users, headers=FETCH),
        b.get(f"hub/api/groups?offset=0&limit=50&_xsrf={token}", headers=FETCH),
    )


def logged_in(hub, user: str) -> UserClient:
    b = UserClient(hub)
    b.login(user)
    assert b.logged_in, b.trail()
    return b


def own_scopes(b: UserClient) -> list[str]:
    """The page's first check: /hub/api/user, opened as the user in their browser."""
    who = b.get("hub/api/user")
    assert who.status == 200, b.trail()
    return re.search(r'"scopes": \[([^\]]*)\]', who.body).group(1).replace('"', "").split(", ")


def roles_of(hub, name: str) -> str:
    done = exec_section(hub, CHECK, "roles", token=hub.driver_token, name=name)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.reproduces(
    "admin-page-blank",
    "list-users-refused",
    "list-users-refused-v4",
    "admin-ui-refused",
    "admin-ui-refused-v4",
    "admin-ui-refused-browser",
)
def test_admin_ui_without_list_users(hub_factory, symptoms):
    hub = hub_factory([BROKEN])
    hub.start()

    # carol's role opens the page: it loads, with the app's script and no users in it.
    carol = logged_in(hub, "carol")
    page = carol.get("hub/admin")
    assert page.status == 200 and "admin-react.js" in page.body, carol.trail()
    users, groups = admin_app_requests(carol, page)
    assert users.status == 403, carol.trail()
    assert (
        '"message": "Action is not authorized with current scopes; requires any of [list:users]"'
        in users.body
    ), users.body
    assert groups.status == 403 and "requires any of [list:groups]" in groups.body, groups.body
    scopes = own_scopes(carol)
    assert "admin-ui" in scopes and "list:users" not in scopes, scopes
    assert '"helpdesk"' in roles_of(hub, "carol")

    # you has the default role only: no Admin link, and the page itself is refused.
    you = logged_in(hub, "you")
    home = you.get("hub/home")
    assert home.status == 200 and 'href="/hub/admin"' not in home.body, you.trail()
    refused = you.get("hub/admin")
    assert refused.status == 403, you.trail()
    assert '"user"' in roles_of(hub, "you") and '"helpdesk"' not in roles_of(hub, "you")

    def observe():
        seen = hub.observed(carol)
        seen["browser"] += "\n" + you.transcript()
        return seen

    symptoms.all_seen_soon(observe)

    # The fix: a role with the scopes the page's requests need.
    mark = hub.mark()
    hub.reconfigure([FIX])
    hub.restart()
    carol = logged_in(hub, "carol")
    page = carol.get("hub/admin")
    assert page.status == 200, carol.trail()
    users, groups = admin_app_requests(carol, page)
    assert users.status == 200, carol.trail()
    assert '"name": "you"' in users.body and '"name": "carol"' in users.body, users.body
    assert "list:users" in own_scopes(carol)
    # The Groups page needs list:groups, which this role does not give.
    assert groups.status == 403 and "requires any of [list:groups]" in groups.body
    symptoms.all_gone(hub.observed(carol, since=mark))


@pytest.mark.reproduces("admin-page-blank", "stale-template-undefined", "stale-template-uncaught")
def test_stale_admin_template(hub_factory, symptoms, tmp_path):
    hub = hub_factory([FIX, TEMPLATES_PY])
    hub.write_file(f"{TEMPLATES}/admin.html", OLD_ADMIN.read_text())
    hub.start()
    carol = logged_in(hub, "carol")
    page = carol.get("hub/admin")
    assert page.status == 500, carol.trail()
    found = exec_section(hub, CHECK, "templates", templates=TEMPLATES)
    assert found.exit_code == 0, found.output
    assert f"no admin app in it (made for JupyterHub 1.x or older): {TEMPLATES}/admin.html" in (
        found.stdout
    ), found.output
    symptoms.all_seen_soon(lambda: hub.observed(carol))

    # The fix: the old page put aside; the hub's own page, at the next request.
    mark = hub.mark()
    moved = exec_section(hub, FIX_SH, "move-aside", templates=TEMPLATES)
    assert moved.exit_code == 0, moved.output
    page = carol.get("hub/admin")
    assert page.status == 200 and "admin-react.js" in page.body, carol.trail()
    users, _ = admin_app_requests(carol, page)
    assert users.status == 200, carol.trail()
    after = exec_section(hub, CHECK, "templates", templates=TEMPLATES)
    assert after.exit_code == 0 and "no admin app" not in after.stdout, after.output

    # The customisation kept as a block of the hub's page: it works after a restart.
    hub.write_file(f"{TEMPLATES}/admin.html", FIXED_ADMIN.read_text())
    hub.restart()
    carol = logged_in(hub, "carol")
    page = carol.get("hub/admin")
    assert page.status == 200 and "Example Lab: users" in page.body, carol.trail()
    assert "admin-react.js" in page.body
    users, _ = admin_app_requests(carol, page)
    assert users.status == 200, carol.trail()
    kept = exec_section(hub, CHECK, "templates", templates=TEMPLATES)
    assert kept.exit_code == 0 and "no admin app" not in kept.stdout, kept.output
    symptoms.all_gone(hub.observed(carol, since=mark))

    # The page's script check: the app's script is served, with the hub's own policy.
    script = exec_section(hub, CHECK, "script")
    assert script.exit_code == 0, script.output
    assert "admin-react.js: HTTP 200" in script.stdout, script.output
    assert "frame-ancestors 'none'" in script.stdout, script.output
    # A policy of your own replaces the hub's: the check shows it.
    csp = scratch_fragment(
        tmp_path,
        "csp",
        "c.JupyterHub.tornado_settings = "
        "{'headers': {'Content-Security-Policy': \"script-src 'self'\"}}\n",
    )
    hub.reconfigure([FIX, TEMPLATES_PY, csp])
    hub.restart()
    script = exec_section(hub, CHECK, "script")
    assert script.exit_code == 0 and "script-src 'self'" in script.stdout, script.output
