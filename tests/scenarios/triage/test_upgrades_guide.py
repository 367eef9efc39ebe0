"""The triage guide for upgrades (docs/triage/upgrades.md): every command it shows, run
on a real upgrade.

The guide is no entry: it reproduces no symptom, so nothing here is claimed with
``reproduces``. One scenario upgrades a hub the way an operator does:

- a hub of JupyterHub 4.1.6 (``old``) runs with a user in its database and two settings
  that later releases treat differently (``DummyAuthenticator.password``, deprecated in
  5.3; ``JupyterHub.statsd_prefix``, removed in 6.0); the guide's save command copies what
  is needed to go back, while it runs;
- the release under test (``new``) gets the old hub's directory (database, cookie secret,
  saved folder), as an upgrade of the package leaves it in place, and exits on the old
  schema; the guide's commands read the releases, the settings and upgrade the database,
  after which the hub starts and its warnings are those of the upgrade;
- rolling back: the old release on the upgraded database, given back the saved copy (the
  command refuses to run while its folder is still the placeholder).

Each section's output is kept in .artefacts/hub/triage-upgrades/.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.hub.config import HUB_DB, HUB_DIR, scratch_fragment
from tests.scenarios.reproduce import HUB_VERSION
from tests.scenarios.triage.guide_steps import GuideSteps

pytestmark = pytest.mark.scenario

OLD = "4.1.6"
MAJOR = int(HUB_VERSION.split(".", 1)[0])
BEFORE = "triage/upgrades/before.sh"
VERSIONS = "triage/upgrades/versions.sh"
UPGRADE = "triage/upgrades/upgrade.sh"
IMAGE_VERSIONS = "triage/server-does-not-start/server.sh"
COOKIE_SECRET = f"{HUB_DIR}/jupyterhub_cookie_secret"
OLD_CONFIG = """
# Settings of a 4.1 hub that later releases treat differently.
c.DummyAuthenticator.password = "any-password"  # deprecated in JupyterHub 5.3
c.JupyterHub.statsd_prefix = "jupyterhub"  # removed in JupyterHub 6.0
c.Authenticator.admin_users = {"alice"}
"""
MISMATCH = re.compile(
    r"Found database schema version ([0-9a-f]+) != ([0-9a-f]+)\. Backup your database and"
    r" run `jupyterhub upgrade-db` to upgrade to the latest schema\."
)
DEPRECATED_PASSWORD = (
    "DummyAuthenticator.password is deprecated in JupyterHub 5.3."
    " Use SharedPasswordAuthenticator.user_password instead."
)
NOT_RECOGNIZED = "Config option `statsd_prefix` not recognized by `JupyterHub`."
PLACEHOLDER = "/srv/jupyterhub/before-upgrade-YYYYMMDD-HHMMSS"


STEPS = GuideSteps("triage-upgrades")
keep, on_host = STEPS.keep, STEPS.on_host


def run(hub, rel: str, name: str, label: str = "", /, **values):
    """A section in the hub's container; upgrade-db and the copies get two minutes."""
    return STEPS.run(hub, rel, name, label, timeout=120, **values)


def assert_hub_versions(result, release: str) -> None:
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == release, result.output
    assert re.fullmatch(r"\d+\.\d+\.\d+", lines[1].strip()), result.output  # the proxy's
    assert f"jupyterhub=={release}" in lines, result.output
    assert any(re.fullmatch(r"(?i)sqlalchemy==\d.*", line) for line in lines), result.output


def sha256(hub, path: str) -> str:
    return hub.exec(f"sha256sum {path}", record=False).stdout.split()[0]


def test_upgrade_from_4_1_then_roll_back(hub_factory, tmp_path):
    config = scratch_fragment(tmp_path, "settings-of-4-1", OLD_CONFIG)

    # ---------------------------------------------------------------- before the upgrade
    old = hub_factory([config], jupyterhub=OLD, name="old")
    old.start()
    assert old.api("POST", "users/bob").status_code == 201
    assert DEPRECATED_PASSWORD not in old.hub_log()  # 4.1 does not deprecate it
    assert_hub_versions(run(old, VERSIONS, "hub-versions", "-old"), OLD)
    answer = run(old, VERSIONS, "api-version", "-old")
    assert json.loads(answer.stdout) == {"version": OLD}, answer.output
    known = run(old, VERSIONS, "trait", "-old", trait="JupyterHub.statsd_prefix")
    assert known.stdout.startswith("--JupyterHub.statsd_prefix=<Unicode>\n"), known.output

    saved = run(old, BEFORE, "save", hubdir=HUB_DIR)
    assert saved.exit_code == 0, saved.output
    copied = re.search(
        r"^jupyterhub\.sqlite: copied \(integrity ok\), schema revision ([0-9a-f]{12})$",
        saved.stdout,
        re.M,
    )
    assert copied, saved.output
    folder_line = re.search(
        r"^saved in (/srv/jupyterhub/before-upgrade-\d{8}-\d{6})$", saved.stdout, re.M
    )
    assert folder_line, saved.output
    folder = folder_line.group(1)
    for name in ("jupyterhub.sqlite", "jupyterhub_config.py", "jupyterhub_cookie_secret"):
        assert re.search(rf" {re.escape(name)}$", saved.stdout, re.M), (name, saved.output)
    modes = old.exec(f"stat -c '%a %n' {folder} {folder}/jupyterhub_cookie_secret").stdout
    assert modes.split() == ["700", folder, "600", f"{folder}/jupyterhub_cookie_secret"], modes
    packages = old.read_file(f"{folder}/requirements.txt").splitlines()
    assert f"jupyterhub=={OLD}" in packages, packages
    assert old.read_file(f"{folder}/jupyterhub-version.txt").strip() == OLD
    old.stop()

    # ---------------------------------------------------- the new release, same directory
    new = hub_factory([config], name="new")
    new.copy_files_from(old, [HUB_DB, COOKIE_SECRET, folder])
    assert new.start_until_exit() == 1
    failed = new.observed()["hub-log"]
    keep("hub-log-before-upgrade-db", failed)
    mismatch = MISMATCH.search(failed)
    assert mismatch, failed
    assert mismatch.group(1) == copied.group(1), (mismatch.group(0), copied.group(0))

    with new.held_start():
        assert_hub_versions(run(new, VERSIONS, "hub-versions", "-new"), HUB_VERSION)
        changed = run(new, VERSIONS, "changed", saved=folder)
        assert changed.exit_code == 0, changed.output
        lines = changed.stdout.splitlines()
        assert f"-jupyterhub=={OLD}" in lines and f"+jupyterhub=={HUB_VERSION}" in lines, lines
        assert all(re.fullmatch(r"[-+][^-+].*", line) for line in lines), lines

        gone = run(new, VERSIONS, "trait", "-new", trait="JupyterHub.statsd_prefix")
        if MAJOR >= 6:
            assert gone.stdout == "JupyterHub.statsd_prefix: no such setting here\n", gone.output
        else:
            assert gone.stdout.startswith("--JupyterHub.statsd_prefix=<Unicode>\n"), gone.output
        deprecated = run(new, VERSIONS, "trait", "-deprecated", trait="DummyAuthenticator.password")
        assert deprecated.stdout.startswith("--DummyAuthenticator.password=<Unicode>\n")
        assert ".. deprecated:: 5.3" in deprecated.stdout, deprecated.output
        assert "--DummyAuthenticator.post_auth_hook" not in deprecated.stdout  # one setting

        upgrade = run(new, UPGRADE, "upgrade-db", hubdir=HUB_DIR)
        assert upgrade.exit_code == 0, upgrade.output
        backup = re.search(
            r"Backing up (\S*jupyterhub\.sqlite) => (\S*jupyterhub\.sqlite\.\d{4}-\d\d-\d\d-\d{6})",
            upgrade.output,
        )
        assert backup, upgrade.output
        assert re.search(rf"Running upgrade \w+ -> {mismatch.group(2)}", upgrade.output)
        assert re.search(
            rf" {re.escape(backup.group(2).rsplit('/', 1)[-1])}$", upgrade.stdout, re.M
        )
    # held_start has let the hub start and waited for it to answer.

    answer = run(new, VERSIONS, "api-version", "-new")
    assert json.loads(answer.stdout) == {"version": HUB_VERSION}, answer.output
    assert new.user_model("bob") is not None  # the 4.1 database's user is still there
    # Checked at the end, so that one wrong output does not hide the others.
    late: list[str] = []
    warnings = on_host(new, UPGRADE, "warnings", name=new.container_name)
    if not (
        warnings.returncode == 0
        and DEPRECATED_PASSWORD in warnings.stdout
        and (NOT_RECOGNIZED in warnings.stdout) == (MAJOR >= 6)
        and "Found database schema version" not in warnings.stdout  # the latest start only
        and not re.search(r"^\[[ID] ", warnings.stdout, re.M)
    ):
        late.append(f"warnings:\n{warnings.stdout}{warnings.stderr}")

    users = run(new, VERSIONS, "singleuser-versions")
    lines = users.stdout.splitlines()
    assert lines[0] == HUB_VERSION, users.output  # jupyterhub-singleuser --version
    assert f"jupyterhub {HUB_VERSION}" in lines, users.output
    assert re.search(r"^jupyter_server 2\.\S+$", users.stdout, re.M), users.output
    image = on_host(new, IMAGE_VERSIONS, "image-versions", "-old-image", image=old.image)
    assert f"jupyterhub {OLD}" in image.stdout.splitlines(), image.stdout + image.stderr

    # -------------------------------------------------------------------- rolling back
    new.stop()
    old.copy_files_from(new, [HUB_DB])  # the old packages again, on the upgraded database
    with old.held_start():
        before = sha256(old, HUB_DB)
        unchanged = run(old, UPGRADE, "roll-back", "-placeholder", hubdir=HUB_DIR)
        assert unchanged.exit_code != 0, unchanged.output
        assert f"no saved database in {PLACEHOLDER}" in unchanged.stderr, unchanged.output
        assert sha256(old, HUB_DB) == before
        back = run(old, UPGRADE, "roll-back", hubdir=HUB_DIR, saved=folder)
        assert back.exit_code == 0, back.output
        assert sha256(old, HUB_DB) == sha256(old, f"{folder}/jupyterhub.sqlite")
        assert back.stdout == f"jupyterhub.sqlite is now the one saved in {folder}\n", back.output
        kept = old.exec(f"ls {HUB_DIR}").stdout.split()
        assert any(re.fullmatch(r"jupyterhub\.sqlite\.upgraded-\d{8}-\d{6}", f) for f in kept)
    answer = run(old, VERSIONS, "api-version", "-rolled-back")
    assert json.loads(answer.stdout) == {"version": OLD}, answer.output
    assert old.user_model("bob") is not None
    assert MISMATCH.search(old.observed(run=-1)["hub-log"]) is None
    assert not late, "\n\n".join(late)
