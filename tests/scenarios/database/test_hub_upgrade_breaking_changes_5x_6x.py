"""database/hub-upgrade-breaking-changes-5x-6x: named servers whose names JupyterHub 6 no
longer accepts, after an upgrade from 5.5, renamed by the page's fix."""

from __future__ import annotations

import pytest

from tests.hub.hub import HUB_DB
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import UPGRADE_FROM, upgrades_to_6

pytestmark = pytest.mark.scenario

ENTRY = "hub-upgrade-breaking-changes-5x-6x"
NAMED = fragment(f"database/{ENTRY}/broken.py")
UPGRADE_ON_START = fragment("database/db-schema-mismatch/fix.py")  # upgrade_db = True
CHECK_SH = f"database/{ENTRY}/check.sh"
OLD_NAME = "Analysis_2024"  # a name JupyterHub 5 accepted and 6 does not


@upgrades_to_6
@pytest.mark.reproduces(
    "hub-upgrade-breaking-changes-5x-6x",
    "invalid-named-servers",
    "servername-restrictions",
    "invalid-server-name",
    "starting-invalid-disabled",
)
def test_named_servers_from_jupyterhub_5(hub_factory, symptoms):
    # JupyterHub 5.5 with named servers; a user has one with a name of the old kind.
    old = hub_factory([NAMED], jupyterhub=UPGRADE_FROM, name="old").start()
    assert old.api("POST", "users/you").status_code == 201
    old.start_server("you", OLD_NAME)
    old.stop_server("you", OLD_NAME)
    old.stop()

    # Upgraded to JupyterHub 6, database migrated at start: it counts the old names ...
    new = hub_factory([NAMED, UPGRADE_ON_START], name="new")
    new.copy_files_from(old, [HUB_DB])
    new.start()
    seen = new.observed()
    symptoms.seen(ENTRY, "invalid-named-servers", seen)
    assert "Running upgrade" in seen["hub-log"]  # upgrade_db did the schema upgrade
    # ... refuses new ones to API clients ...
    mark = new.mark()
    refused = new.api("POST", "users/you/servers/Other_Name")
    assert refused.status_code == 400, refused.text
    # The hub logs a request once it has answered it: the client can read the answer first.
    new.wait_for_log(r"400 POST /hub/api/users/you/servers/Other_Name", since=mark)
    symptoms.seen(ENTRY, "invalid-server-name", new.observed(since=mark))
    # ... and still starts the old one, with a warning (allow-start, the default).
    mark = new.mark()
    new.start_server("you", OLD_NAME)
    symptoms.seen(ENTRY, "servername-restrictions", new.observed(since=mark))
    listed = exec_section(new, CHECK_SH, "named-servers", token=new.driver_token)
    assert f'"name": "{OLD_NAME}"' in listed.stdout, listed.output
    new.stop_server("you", OLD_NAME)

    # allow-delete, while data is moved: the old server is refused a start, with its name
    # quoted as the page quotes it.
    new.reconfigure([NAMED, UPGRADE_ON_START, fragment(f"database/{ENTRY}/allow-delete.py")])
    new.restart()
    mark = new.mark()
    disabled = new.api("POST", f"users/you/servers/{OLD_NAME}")
    assert disabled.status_code == 400, disabled.text
    new.wait_for_log(rf"400 POST /hub/api/users/you/servers/{OLD_NAME}", since=mark)
    lines = symptoms.seen(ENTRY, "starting-invalid-disabled", new.observed(since=mark))
    assert all(f"server_name '{OLD_NAME}' is disabled" in line for line in lines), lines

    # The page's fix: rename at start-up (the server is stopped, as the page requires).
    new.reconfigure([NAMED, UPGRADE_ON_START, fragment(f"database/{ENTRY}/fix.py")])
    new.restart()
    new.wait_for_log(rf"Renaming server user='you' server='{OLD_NAME}' to 'analysis-2024'")
    new.start_server("you", "analysis-2024")
    symptoms.all_gone(new.observed(run=-1))
    listed = exec_section(new, CHECK_SH, "named-servers", token=new.driver_token)
    assert f'"display_name": "{OLD_NAME}"' in listed.stdout, listed.output
    browser = UserClient(new)
    browser.login("you")
    page = browser.open("user/you/analysis-2024/files/hello.txt")
    assert page.status == 200, browser.trail()
