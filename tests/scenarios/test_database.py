"""Database section: the hub's database across upgrades, its sqlite file, its state across
container re-creation, and its configuration file (docs/database/).

Every scenario starts a real hub from the entry's own snippet files, checks the page's
symptoms through the page's own patterns, applies the page's fix (fragments, and shell
sections run for real in the hub's container or against the engine) and ends with a
working hub: the login page answers 200, or a user's server answers.

Upgrades need a second JupyterHub: an image with JupyterHub 5.5.4 is built once (about
half a minute, then cached like the main image), and databases are carried from one hub
container to the other as files, as an upgrade of the package leaves them in place.
"""

from __future__ import annotations

import re
import secrets
import shlex
import time

import docker.errors
import pytest

from tests.hub.browser import Browser
from tests.hub.fixtures import artefact_root
from tests.hub.hub import HUB_DIR, Hub
from tests.hub.image import ensure_image
from tests.scenarios.reproduce import HUB_VERSION
from tests.scenarios.snippets import (
    exec_section,
    fragment,
    run_section,
    section,
    with_parameters,
)

pytestmark = pytest.mark.scenario

# The upgrade scenarios start from OLD_JUPYTERHUB and need a newer release under test;
# the others run on any release (HUB_JUPYTERHUB_VERSION).
upgrades_to_6 = pytest.mark.skipif(
    not HUB_VERSION.startswith("6."),
    reason="this scenario upgrades from JupyterHub 5.5 to the 6.x under test",
)

OLD_JUPYTERHUB = "5.5.4"  # the release the upgrade scenarios start from
DB = f"{HUB_DIR}/jupyterhub.sqlite"

SCHEMA = "db-schema-mismatch"
SQLITE = "hub-sqlite-db-file-errors"
STATE = "hub-state-not-persisted"
CONFIG = "hub-config-not-applied-or-invalid"
UPGRADE = "hub-upgrade-breaking-changes-5x-6x"


def snip(entry: str, name: str) -> str:
    return f"database/{entry}/{name}"


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def old_image(engine, request):
    """The hub image with the JupyterHub release before the upgrade."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    log = reporter.write_line if reporter else print
    return ensure_image(engine, OLD_JUPYTERHUB, log=log, log_dir=artefact_root() / "image")


@pytest.fixture
def old_hub_factory(engine, old_image, artefacts):
    """Hubs of the old release (hub_factory makes hubs of the release under test)."""
    hubs: list[Hub] = []

    def make(fragments=(), **kw):
        name = kw.setdefault("name", f"old{len(hubs) + 1}")
        hub = Hub(engine, old_image, fragments, artefacts=artefacts / name, **kw)
        hubs.append(hub)
        return hub

    yield make
    for hub in reversed(hubs):
        hub.remove()


def copy_files(src: Hub, dst: Hub, paths: list[str]) -> None:
    """Carry files (the database, its backups) from one hub container to another: the
    files an upgrade of the package leaves where they are."""
    for path in paths:
        stream, _ = src.container.get_archive(path)
        data = b"".join(stream)
        if dst.container is None:
            dst.write_file(f"{HUB_DIR}/.created", "")
        directory = path.rsplit("/", 1)[0]
        assert dst.container.put_archive(directory, data), f"copying {path} failed"


def exit_code_of_failed_start(hub: Hub, timeout: float = 30) -> int:
    hub.start(wait=None)
    return hub.wait_exit(timeout=timeout)


def login_page_ok(hub: Hub) -> None:
    hop = Browser(hub, timeout=10).get("hub/login")
    assert hop.status == 200, f"{hop}\n{hub.log(run=-1)[-3000:]}"


def start_named_server(hub: Hub, user: str, server: str, timeout: float = 30) -> None:
    r = hub.api("POST", f"users/{user}/servers/{server}")
    assert r.status_code in (201, 202), f"{r.status_code} {r.text}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model = hub.user_model(user) or {}
        if (model.get("servers") or {}).get(server, {}).get("ready"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{user}/{server} not ready after {timeout} s:\n{hub.hub_log()[-2000:]}")


def stop_named_server(hub: Hub, user: str, server: str, timeout: float = 30) -> None:
    r = hub.api("DELETE", f"users/{user}/servers/{server}")
    assert r.status_code in (202, 204), f"{r.status_code} {r.text}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model = hub.user_model(user) or {}
        spawner = (model.get("servers") or {}).get(server)
        if not spawner or spawner.get("stopped") or not spawner.get("started"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{user}/{server} still running after {timeout} s")


# ---------------------------------------------------------------- db-schema-mismatch


@upgrades_to_6
@pytest.mark.reproduces(
    "db-schema-mismatch", "schema-mismatch", "unrecognized-upgrade-db", "cant-locate-revision"
)
def test_upgrade_without_upgrade_db_then_upgrade_then_roll_back(
    hub_factory, old_hub_factory, symptoms
):
    # A hub of the old release, with a user in its database.
    old = old_hub_factory()
    old.start()
    assert old.api("POST", "users/alice").status_code == 201
    old.stop()

    # The package is upgraded, the database stays: the new hub refuses to start.
    new = hub_factory()
    copy_files(old, new, [DB])
    assert exit_code_of_failed_start(new) == 1
    symptoms.seen(SCHEMA, "schema-mismatch", new.observed())

    # The page's fix, on the stopped hub: first the mistake the page warns about (options
    # before the subcommand), then backup and upgrade-db as the page writes them.
    with new.held_start():
        wrong = exec_section(new, snip(SCHEMA, "broken.sh"), "options-first")
        assert wrong.exit_code != 0, wrong.output
        symptoms.seen(SCHEMA, "unrecognized-upgrade-db", new.observed())
        backup = exec_section(new, snip(SCHEMA, "fix.sh"), "backup", hubdir=HUB_DIR)
        assert backup.exit_code == 0, backup.output
        upgrade = exec_section(new, snip(SCHEMA, "fix.sh"), "upgrade", hubdir=HUB_DIR)
        assert upgrade.exit_code == 0, upgrade.output
        assert re.search(r"Running upgrade \w+ -> \w+", upgrade.output), upgrade.output
    symptoms.gone(SCHEMA, "schema-mismatch", new.observed(run=-1))
    assert new.user_model("alice") is not None  # the old database's user is still there
    listed = exec_section(new, snip(SCHEMA, "verify.sh"), "users", token=new.driver_token)
    assert '"name": "alice"' in listed.stdout, listed.output
    login_page_ok(new)

    # Rolling back: the old release on the upgraded database fails, and so does its
    # upgrade-db; the copy taken before the upgrade brings it back.
    new.stop()
    copy_files(new, old, [DB, f"{DB}.before-upgrade"])
    assert exit_code_of_failed_start(old) == 1
    symptoms.seen(SCHEMA, "schema-mismatch", old.observed(run=-1))
    with old.held_start():
        again = exec_section(old, snip(SCHEMA, "fix.sh"), "upgrade", hubdir=HUB_DIR)
        assert again.exit_code != 0, again.output
        symptoms.seen(SCHEMA, "cant-locate-revision", old.observed())
        restore = exec_section(
            old,
            snip(SCHEMA, "fix.sh"),
            "restore",
            hubdir=HUB_DIR,
            backup="jupyterhub.sqlite.before-upgrade",
        )
        assert restore.exit_code == 0, restore.output
    symptoms.gone(SCHEMA, "schema-mismatch", old.observed(run=-1))
    assert old.user_model("alice") is not None
    login_page_ok(old)


# ---------------------------------------------------------------- hub-sqlite-db-file-errors

SQLITE_BROKEN = fragment(snip(SQLITE, "broken.py"))
DATA_DIR = f"{HUB_DIR}/data"
DATA_DB = f"{DATA_DIR}/jupyterhub.sqlite"


@pytest.mark.reproduces(
    "hub-sqlite-db-file-errors",
    "failed-to-connect",
    "directory-missing",
    "upgrade-hint",
    "unable-to-open",
)
def test_database_directory_missing(hub_factory, symptoms):
    # --debug: JupyterHub 6 logs sqlite's own error at debug level only.
    hub = hub_factory([SQLITE_BROKEN], args=["--debug"])
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    for symptom in ("failed-to-connect", "directory-missing", "upgrade-hint", "unable-to-open"):
        symptoms.seen(SQLITE, symptom, seen)

    # The page's fix: create the directory for the hub's user (root in this image), and
    # check which filesystem it is on.
    with hub.held_start():
        made = exec_section(hub, snip(SQLITE, "fix.sh"), "create-dir", dir=DATA_DIR, hubuser="root")
        assert made.exit_code == 0, made.output
        fs = exec_section(hub, snip(SQLITE, "fix.sh"), "filesystem", dir=DATA_DIR)
        assert fs.exit_code == 0 and "nfs" not in fs.stdout, fs.output
    after = hub.observed(run=-1)
    for symptom in ("failed-to-connect", "directory-missing", "upgrade-hint", "unable-to-open"):
        symptoms.gone(SQLITE, symptom, after)
    listed = exec_section(hub, snip(SQLITE, "verify.sh"), "verify", db=DATA_DB)
    assert listed.exit_code == 0 and "jupyterhub.sqlite" in listed.stdout, listed.output
    login_page_ok(hub)


# Another program holding a write lock on the hub's database (a second hub, a backup job;
# on NFS, a lock the server never releases), as the hub container's pre-start step.
LOCK_HOLDER = (
    'nohup /usr/bin/python3 -c "import sqlite3, time; '
    f"c = sqlite3.connect('{DATA_DB}', isolation_level=None); "
    "c.execute('BEGIN EXCLUSIVE'); open('/tmp/locked', 'w').close(); time.sleep(120)\" "
    ">/tmp/lock-holder.log 2>&1 </dev/null &\n"
    "n=0; while [ ! -e /tmp/locked ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done"
)


@pytest.mark.reproduces("hub-sqlite-db-file-errors", "database-locked", "failed-to-connect")
def test_database_locked_by_another_process(hub_factory, symptoms):
    hub = hub_factory([SQLITE_BROKEN], args=["--debug"])
    hub.before_start(
        with_parameters(section(snip(SQLITE, "fix.sh"), "create-dir"), dir=DATA_DIR, hubuser="root")
    )
    hub.start()  # the database exists and works
    hub.stop()

    hub.before_start(LOCK_HOLDER)
    assert exit_code_of_failed_start(hub) == 1  # after sqlite's 5 s wait
    seen = hub.observed(run=-1)
    symptoms.seen(SQLITE, "database-locked", seen)
    symptoms.seen(SQLITE, "failed-to-connect", seen)
    assert "does not exist" not in seen["hub-log"]

    # The page's fix: find who holds the file, stop it by its pid, start the hub.
    hub.before_start(LOCK_HOLDER)  # on a real machine it would still be running
    with hub.held_start():
        found = exec_section(hub, snip(SQLITE, "fix.sh"), "find-holder", db=DATA_DB)
        assert found.exit_code == 0, found.output
        holders = [ln for ln in found.stdout.splitlines() if "sqlite3" in ln]
        assert len(holders) == 1, found.output
        pid = holders[0].split()[0]
        stopped = exec_section(hub, snip(SQLITE, "fix.sh"), "stop-holder", pid=pid)
        assert stopped.exit_code == 0, stopped.output
    after = hub.observed(run=-1)
    symptoms.gone(SQLITE, "database-locked", after)
    symptoms.gone(SQLITE, "failed-to-connect", after)
    login_page_ok(hub)


# ---------------------------------------------------------------- hub-state-not-persisted


class _VolumeClient:
    """The engine's client, adding a volume to every container the hub creates: the
    page's `docker run -v <volume>:/srv/jupyterhub/data`, which the harness has no option
    for."""

    def __init__(self, client, volumes: dict):
        self._client, self._volumes = client, volumes

    def __getattr__(self, name):
        return getattr(self._client, name)

    @property
    def containers(self):
        return _VolumeContainers(self._client.containers, self._volumes)


class _VolumeContainers:
    def __init__(self, containers, volumes: dict):
        self._containers, self._volumes = containers, volumes

    def __getattr__(self, name):
        return getattr(self._containers, name)

    def create(self, *args, **kwargs):
        kwargs["volumes"] = {**(kwargs.get("volumes") or {}), **self._volumes}
        return self._containers.create(*args, **kwargs)


def with_volume(hub: Hub, volume: str, path: str) -> Hub:
    hub.client = _VolumeClient(hub.client, {volume: {"bind": path, "mode": "rw"}})
    return hub


def logged_in_elsewhere(browser: Browser, hub: Hub) -> Browser:
    """The same browser (its cookies) pointed at a new container of the hub: it was
    recreated, and is published on another local port."""
    moved = Browser(hub)
    moved.session.cookies.update(browser.session.cookies)
    return moved


@pytest.mark.reproduces(
    "hub-state-not-persisted", "writing-cookie-secret", "new-database", "invalid-or-expired-cookie"
)
def test_state_lost_when_container_is_recreated(hub_factory, engine, symptoms):
    # A hub whose state lives inside its container; a user logs in.
    first = hub_factory(name="first").start()
    browser = Browser(first)
    browser.login("alice")
    assert browser.logged_in, browser.trail()
    first.stop()

    # The container is replaced by a new one of the same image and configuration.
    second = hub_factory(name="second").start()
    back = logged_in_elsewhere(browser, second)
    home = back.get("hub/home")
    assert home.path.startswith("/hub/login"), back.trail()  # logged out
    seen = second.observed()
    for symptom in ("writing-cookie-secret", "new-database", "invalid-or-expired-cookie"):
        symptoms.seen(STATE, symptom, seen)
    assert second.user_model("alice") is None  # the user is gone with the database

    # The page's fix: a named volume (created with the page's command, for real, against
    # the engine), mounted at the data directory the fix's config points to.
    volume = f"jhts-data-{secrets.token_hex(4)}"
    fix = fragment(snip(STATE, "fix.py"))
    hubs = []
    try:
        made = run_section(snip(STATE, "fix.sh"), "create-volume", env=engine.env, volume=volume)
        assert made.returncode == 0, made.stderr
        third = with_volume(hub_factory([fix], name="third"), volume, f"{HUB_DIR}/data")
        hubs.append(third)
        third.start()
        browser = Browser(third)
        browser.login("alice")
        assert browser.logged_in, browser.trail()
        third.stop()

        fourth = with_volume(hub_factory([fix], name="fourth"), volume, f"{HUB_DIR}/data")
        hubs.append(fourth)
        fourth.start()
        back = logged_in_elsewhere(browser, fourth)
        home = back.get("hub/home")
        assert home.status == 200 and home.path.startswith("/hub/home"), back.trail()
        after = fourth.observed()
        for symptom in ("writing-cookie-secret", "new-database", "invalid-or-expired-cookie"):
            symptoms.gone(STATE, symptom, after)
        assert fourth.user_model("alice") is not None
        checked = run_section(
            snip(STATE, "verify.sh"), "verify", env=engine.env, name=fourth.container_name
        )
        assert "Loading cookie_secret from /srv/jupyterhub/data/" in checked.stdout, checked
        Browser.with_server(fourth, "alice")  # and a server starts for her
    finally:
        for hub in hubs:
            hub.remove()
        try:
            engine.client.volumes.get(volume).remove(force=True)
        except docker.errors.NotFound:
            pass


# ---------------------------------------------------------------- hub-config-not-applied-or-invalid

TYPOS = fragment(snip(CONFIG, "typos.txt"))
SYNTAX = fragment(snip(CONFIG, "syntax.txt"))
CONFIG_FIX = fragment(snip(CONFIG, "fix.py"))
HUB_CONFIG = f"{HUB_DIR}/jupyterhub_config.py"


@pytest.mark.reproduces("hub-config-not-applied-or-invalid", "option-not-recognized")
def test_misspelt_options_are_warned_about_and_ignored(hub_factory, engine, symptoms):
    hub = hub_factory([TYPOS]).start()
    (line,) = symptoms.seen(CONFIG, "option-not-recognized", hub.observed())
    assert "`allowed_user`" in line and "allowed_users" in line  # with its "did you mean"
    # The misspelt class name is not warned about at all.
    assert not re.search(r"(?i)jupyterhub\W*\.?\W*cookie_max_age|`Jupyterhub`", hub.hub_log())
    # The restriction does not exist: a user who is not on the list gets in.
    intruder = Browser(hub)
    intruder.login("carol")
    assert intruder.logged_in, intruder.trail()

    # The page's fix: find the warnings in the container's log, write the names right.
    found = run_section(snip(CONFIG, "fix.sh"), "warnings", env=engine.env, name=hub.container_name)
    assert "not recognized by `DummyAuthenticator`" in found.stdout, found
    hub.reconfigure([CONFIG_FIX])
    hub.restart()
    symptoms.gone(CONFIG, "option-not-recognized", hub.observed(run=-1))
    # carol got in through the typo and is in the database: with allowed_users set, users
    # the database knows may still log in, until removed (the page's last step).
    still = Browser(hub)
    still.login("carol")
    assert still.logged_in, still.trail()
    assert still.spawn("carol", timeout=40).ready, still.trail()  # her login spawned it
    removed = exec_section(
        hub,
        snip(CONFIG, "fix.sh"),
        "remove-user",
        token=hub.driver_token,
        name="carol",
    )
    assert removed.stdout.strip() == "204", removed.output
    refused = Browser(hub)
    refused.login("carol")
    assert not refused.logged_in, refused.trail()
    assert Browser.with_server(hub, "alice")


@pytest.mark.reproduces("hub-config-not-applied-or-invalid", "load-config-file")
def test_config_file_that_does_not_run(hub_factory, symptoms):
    hub = hub_factory([SYNTAX])
    assert exit_code_of_failed_start(hub) == 1
    symptoms.seen(CONFIG, "load-config-file", hub.observed())

    # The page's fix: Python's own check names the line; correct it; the check passes.
    with hub.held_start():
        bad = exec_section(hub, snip(CONFIG, "fix.sh"), "compile", config=HUB_CONFIG)
        assert bad.exit_code != 0 and "SyntaxError" in bad.output, bad.output
        hub.reconfigure([CONFIG_FIX])
        good = exec_section(hub, snip(CONFIG, "fix.sh"), "compile", config=HUB_CONFIG)
        assert good.exit_code == 0 and "no syntax errors" in good.stdout, good.output
    symptoms.gone(CONFIG, "load-config-file", hub.observed(run=-1))
    login_page_ok(hub)


class Foreground:
    """A snippet that starts a hub in the foreground, run in the (held) hub container as an
    admin runs it in a terminal, in a process group of its own so that it can be stopped
    as Ctrl-C would stop it (SIGTERM to the group: the hub stops its proxy)."""

    def __init__(self, hub: Hub, script: str, name: str):
        self.hub, self.log = hub, f"/tmp/{name}.log"
        started = hub.exec(
            f"set -m; sh -c {shlex.quote(script)} >{self.log} 2>&1 </dev/null &\n"
            'ps -o pgid= -p "$!"',
            record=False,
        ).check()
        self.pgid = int(started.stdout.split()[-1])

    def output(self) -> str:
        return self.hub.read_file(self.log) or ""

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.output()
            if re.search(pattern, text, re.M):
                return text
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.output()[-3000:]}")

    def stop(self, timeout: float = 20) -> str:
        self.hub.exec(f"/bin/kill -TERM -- -{self.pgid}", record=False).check()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.hub.exec(f"/bin/kill -0 -- -{self.pgid}", record=False).exit_code != 0:
                break
            time.sleep(0.2)
        text = self.output()
        self.hub.shell.append(f"$ # {self.log}\n{text}".rstrip())
        return text


@pytest.mark.reproduces(
    "hub-config-not-applied-or-invalid", "config-file-not-found", "looking-for-config"
)
def test_config_file_not_found_or_not_looked_for(hub_factory, symptoms):
    # The service names a config file that is not there.
    hub = hub_factory(args=["-f", "/etc/jupyterhub/jupyterhub_config.py"])
    assert exit_code_of_failed_start(hub) == 1
    symptoms.seen(CONFIG, "config-file-not-found", hub.observed())

    # In the hub's machine (its container, the service's own start held): started from
    # another directory, the hub looks for its file there only and runs on defaults ...
    with hub.held_start(wait=None):
        other = Foreground(hub, section(snip(CONFIG, "broken.sh"), "other-dir"), "other-dir")
        other.wait_for(r"JupyterHub is now running")
        printed = {"hub-log": other.stop()}
        (line,) = symptoms.seen(CONFIG, "looking-for-config", printed)
        assert line.rstrip().endswith("Looking for jupyterhub_config in /"), line
        assert "Loaded config file" not in printed["hub-log"]
        assert "Using Authenticator: jupyterhub.auth.PAMAuthenticator" in printed["hub-log"]

        # ... and started the page's way, in its directory with its file named, it reads
        # the configuration (the harness's DummyAuthenticator) and serves the login page.
        fixed = Foreground(
            hub,
            with_parameters(section(snip(CONFIG, "fix.sh"), "start"), hubdir=HUB_DIR),
            "fixed",
        )
        fixed.wait_for(r"JupyterHub is now running")
        login_page_ok(hub)
        printed = {"hub-log": fixed.stop()}
        assert "Using Authenticator: jupyterhub.auth.DummyAuthenticator" in printed["hub-log"]
        for symptom in ("config-file-not-found", "looking-for-config"):
            symptoms.gone(CONFIG, symptom, printed)
    # The service's own command still names the missing file: after the hold it fails as
    # before, until the service is changed as the page shows.


# ---------------------------------------------------------------- hub-upgrade-breaking-changes-5x-6x

NAMED = fragment(snip(UPGRADE, "broken.py"))
UPGRADE_ON_START = fragment(snip(SCHEMA, "fix.py"))  # the schema page's upgrade_db = True
OLD_NAME = "Analysis_2024"  # a name JupyterHub 5 accepted and 6 does not


@upgrades_to_6
@pytest.mark.reproduces(
    "hub-upgrade-breaking-changes-5x-6x",
    "invalid-named-servers",
    "servername-restrictions",
    "invalid-server-name",
)
def test_named_servers_from_jupyterhub_5(hub_factory, old_hub_factory, symptoms):
    # JupyterHub 5.5 with named servers; a user has one with a name of the old kind.
    old = old_hub_factory([NAMED]).start()
    assert old.api("POST", "users/you").status_code == 201
    start_named_server(old, "you", OLD_NAME)
    stop_named_server(old, "you", OLD_NAME)
    old.stop()

    # Upgraded to JupyterHub 6, database migrated at start: it counts the old names ...
    new = hub_factory([NAMED, UPGRADE_ON_START])
    copy_files(old, new, [DB])
    new.start()
    seen = new.observed()
    symptoms.seen(UPGRADE, "invalid-named-servers", seen)
    assert "Running upgrade" in seen["hub-log"]  # upgrade_db did the schema upgrade
    # ... refuses new ones to API clients ...
    refused = new.api("POST", "users/you/servers/Other_Name")
    assert refused.status_code == 400, refused.text
    symptoms.seen(UPGRADE, "invalid-server-name", new.observed())
    # ... and still starts the old one, with a warning (allow-start, the default).
    mark = new.mark()
    start_named_server(new, "you", OLD_NAME)
    symptoms.seen(UPGRADE, "servername-restrictions", new.observed(since=mark))
    listed = exec_section(new, snip(UPGRADE, "check.sh"), "named-servers", token=new.driver_token)
    assert f'"name": "{OLD_NAME}"' in listed.stdout, listed.output
    stop_named_server(new, "you", OLD_NAME)

    # The page's fix: rename at start-up (the server is stopped, as the page requires).
    new.reconfigure([NAMED, UPGRADE_ON_START, fragment(snip(UPGRADE, "fix.py"))])
    new.restart()
    new.wait_for_log(rf"Renaming server user='you' server='{OLD_NAME}' to 'analysis-2024'")
    after = new.observed(run=-1)
    symptoms.gone(UPGRADE, "invalid-named-servers", after)
    start_named_server(new, "you", "analysis-2024")
    symptoms.gone(UPGRADE, "servername-restrictions", new.observed(run=-1))
    listed = exec_section(new, snip(UPGRADE, "check.sh"), "named-servers", token=new.driver_token)
    assert f'"display_name": "{OLD_NAME}"' in listed.stdout, listed.output
    browser = Browser(new)
    browser.login("you")
    page = browser.open("user/you/analysis-2024/files/hello.txt")
    assert page.status == 200, browser.trail()


# ---------------------------------------------------------------- cookie-secret-file-rejected

COOKIE = "cookie-secret-file-rejected"
COOKIE_SECRET_SH = snip(COOKIE, "secret.sh")
# A base64 secret, as `openssl rand -base64 32` makes: the wrong encoding for the variable.
BASE64_SECRET = "q2Jp0Z8sYVvQmJ1xw3T4gN5cR6yL7eK8aH9uF0iD1oA="


@pytest.mark.reproduces("cookie-secret-file-rejected", "refusing-secret-file")
def test_cookie_secret_file_readable_by_others_stops_the_hub(hub_factory, symptoms):
    hub = hub_factory([fragment(snip(COOKIE, "broken.py"))])
    # The secret made as the security guide says, with the usual umask.
    hub.before_start("umask 022\n" + section(COOKIE_SECRET_SH, "create-readable"))
    hub.start(wait=None)
    assert hub.wait_exit(timeout=30) == 1, hub.log(run=-1)[-3000:]
    symptoms.seen(COOKIE, "refusing-secret-file", hub.observed(run=-1))

    # The page's fix on the hub's machine, while the hub waits to start again.
    with hub.held_start():
        before = exec_section(hub, snip(COOKIE, "check.sh"), "check")
        assert before.stdout.startswith("644 root "), before.output
        exec_section(hub, snip(COOKIE, "fix.sh"), "fix", hub_user="root").check()
        after = exec_section(hub, snip(COOKIE, "check.sh"), "check")
        assert after.stdout.startswith("600 root "), after.output
    symptoms.gone(COOKIE, "refusing-secret-file", hub.observed(run=-1))
    Browser.with_server(hub, "you")

    # A new secret made with the page's other command, under the same umask, is born
    # private and accepted.
    hub.stop()
    hub.before_start(
        "rm -f /srv/jupyterhub/jupyterhub_cookie_secret\numask 022\n"
        + section(COOKIE_SECRET_SH, "create-private")
    )
    hub.start()
    symptoms.gone(COOKIE, "refusing-secret-file", hub.observed(run=-1))
    made = exec_section(hub, snip(COOKIE, "check.sh"), "check")
    assert made.stdout.startswith("600 root "), made.output


@pytest.mark.reproduces("cookie-secret-file-rejected", "env-secret-not-hex")
def test_cookie_secret_variable_in_base64_stops_the_hub(hub_factory, symptoms):
    broken = hub_factory(env={"JPY_COOKIE_SECRET": BASE64_SECRET})
    broken.start(wait=None)
    assert broken.wait_exit(timeout=30) != 0, broken.log(run=-1)[-3000:]
    symptoms.seen(COOKIE, "env-secret-not-hex", broken.observed(run=-1))

    # The page's command makes the value (here, on the host that starts the hub's
    # container); a hub given it starts and serves a user.
    made = run_section(COOKIE_SECRET_SH, "env-secret")
    secret = made.stdout.strip()
    assert made.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}", secret), made
    hub = hub_factory(env={"JPY_COOKIE_SECRET": secret})
    hub.start()
    symptoms.gone(COOKIE, "env-secret-not-hex", hub.observed(run=-1))
    Browser.with_server(hub, "you")
