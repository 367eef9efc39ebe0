"""database/db-schema-mismatch: a database of the previous release under the release under
test, upgraded with the page's commands, then rolled back.

The previous release's image is built once per session (about half a minute, then cached
like the main image); the database goes from one hub container to the other as a file,
as an upgrade of the package leaves it in place.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.hub import HUB_DB, HUB_DIR
from tests.hub.sections import exec_section
from tests.hub.user_client import assert_login_page_answers
from tests.scenarios.reproduce import UPGRADE_FROM, upgrades_to_6
from troubleshoot.model import load_catalogue
from troubleshoot.snippets import jupyterhub_matrix

pytestmark = pytest.mark.scenario

ENTRY = "db-schema-mismatch"
BROKEN_SH = f"database/{ENTRY}/broken.sh"
FIX_SH = f"database/{ENTRY}/fix.sh"


@upgrades_to_6
@pytest.mark.reproduces(
    "db-schema-mismatch", "schema-mismatch", "unrecognized-upgrade-db", "cant-locate-revision"
)
def test_upgrade_without_upgrade_db_then_upgrade_then_roll_back(hub_factory, symptoms):
    # A hub of the old release, with a user in its database.
    old = hub_factory(jupyterhub=UPGRADE_FROM, name="old")
    old.start()
    assert old.api("POST", "users/alice").status_code == 201
    old.stop()

    # The package is upgraded, the database stays: the new hub refuses to start.
    new = hub_factory(name="new")
    new.copy_files_from(old, [HUB_DB])
    assert new.start_until_exit() == 1
    symptoms.seen(ENTRY, "schema-mismatch", new.observed())

    # The page's fix, on the stopped hub: first the mistake the page warns about (options
    # before the subcommand), then backup and upgrade-db as the page writes them.
    with new.held_start():
        wrong = exec_section(new, BROKEN_SH, "options-first")
        assert wrong.exit_code != 0, wrong.output
        symptoms.seen(ENTRY, "unrecognized-upgrade-db", new.observed())
        backup = exec_section(new, FIX_SH, "backup", hubdir=HUB_DIR)
        assert backup.exit_code == 0, backup.output
        upgrade = exec_section(new, FIX_SH, "upgrade", hubdir=HUB_DIR)
        assert upgrade.exit_code == 0, upgrade.output
        assert re.search(r"Running upgrade \w+ -> \w+", upgrade.output), upgrade.output
    symptoms.gone(ENTRY, "schema-mismatch", new.observed(run=-1))
    assert new.user_model("alice") is not None  # the old database's user is still there
    listed = exec_section(new, f"database/{ENTRY}/verify.sh", "users", token=new.driver_token)
    assert '"name": "alice"' in listed.stdout, listed.output
    assert_login_page_answers(new)

    # Rolling back: the old release on the upgraded database fails, and so does its
    # upgrade-db; the copy taken before the upgrade brings it back.
    new.stop()
    old.copy_files_from(new, [HUB_DB, f"{HUB_DB}.before-upgrade"])
    assert old.start_until_exit() == 1
    symptoms.seen(ENTRY, "schema-mismatch", old.observed(run=-1))
    with old.held_start():
        again = exec_section(old, FIX_SH, "upgrade", hubdir=HUB_DIR)
        assert again.exit_code != 0, again.output
        symptoms.seen(ENTRY, "cant-locate-revision", old.observed())
        restore = exec_section(
            old, FIX_SH, "restore", hubdir=HUB_DIR, backup="jupyterhub.sqlite.before-upgrade"
        )
        assert restore.exit_code == 0, restore.output
    symptoms.gone(ENTRY, "schema-mismatch", old.observed(run=-1))
    assert old.user_model("alice") is not None
    assert_login_page_answers(old)


@pytest.mark.parametrize("release", list(jupyterhub_matrix().values()))
def test_options_before_upgrade_db_are_refused_on_every_release(hub_factory, release):
    # The page's mistake on each release of the matrix, 4.1 included: the hub refuses the
    # stray word (since 4.0.1), and the page's range for that wording says so.
    hub = hub_factory(jupyterhub=release, name=f"jh{release.replace('.', '')}")
    with hub.held_start(wait=None):
        wrong = exec_section(hub, BROKEN_SH, "options-first")
    assert wrong.exit_code != 0, wrong.output
    entry = next(e for e in load_catalogue() if e.id == ENTRY)
    symptom = entry.symptom("unrecognized-upgrade-db")
    assert symptom.regex.search(wrong.output), wrong.output
    assert symptom.applies_to(release), f"{release} prints it, outside {symptom.jupyterhub}"
