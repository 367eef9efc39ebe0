"""database/mysql-mariadb-specific-errors: a real MariaDB 10.11 beneath a real hub.

- The server's default character set is latin1 (the built-in default of MariaDB before
  11.6 and of MySQL 5.7, when no configuration file sets another): the hub's database
  and tables are made latin1, and a user whose name has characters latin1 lacks cannot
  be looked up. Converting table by table stops at a foreign key (ERROR 1832); the
  page's conversion, run for real, lets that user log in and start a server; the page's
  CREATE DATABASE makes a database the hub works with from the start.
- The server's wait_timeout is shorter than the hub's last_activity_interval: the first
  request after a quiet spell fails. pool_recycle (the advice of JupyterHub's own
  documentation) does not help; the page's last_activity_interval does.

The key-length errors (1071, 1709) are quoted from reports: MariaDB 10.11 makes every
table of the hub's schema, whatever its character set. scenario.yaml cannot run a
database server beside the hub."""

from __future__ import annotations

import re
import time

import pytest

from tests.hub.database import DatabaseServer
from tests.hub.sections import exec_section, fragment, section, with_parameters
from tests.hub.user_client import UserClient
from tests.scenarios.database.hub_requests import (
    WAIT_TIMEOUT,
    idle_mariadb_hub,
    read_and_hold,
    seen,
    statuses,
)

pytestmark = pytest.mark.scenario

ENTRY = "mysql-mariadb-specific-errors"
FOLDER = f"database/{ENTRY}"
NAME = "田中"  # a user name latin1 cannot hold
LATIN1 = {"character_set_server": "latin1", "collation_server": "latin1_swedish_ci"}


def charsets(hub, db, database: str = "jupyterhub") -> str:
    shown = exec_section(
        hub,
        f"{FOLDER}/check.sh",
        "charset",
        env={"MYSQL_PWD": db.password},
        host="db",
        user="jupyterhub",
        database=database,
    )
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def foreign_keys(db) -> list[str]:
    """The hub's foreign keys: table, key, column, referenced column, delete rule."""
    listed = db.sql(
        "SELECT k.table_name, k.constraint_name, k.column_name, k.referenced_table_name,"
        " k.referenced_column_name, r.delete_rule"
        " FROM information_schema.key_column_usage k"
        " JOIN information_schema.referential_constraints r"
        " ON r.constraint_schema = k.table_schema AND r.constraint_name = k.constraint_name"
        " AND r.table_name = k.table_name"
        " WHERE k.table_schema = 'jupyterhub' AND k.referenced_table_name IS NOT NULL"
        " ORDER BY 1, 2;"
    ).check()
    keys = listed.stdout.splitlines()[1:]
    assert len(keys) > 5, listed.stdout
    return keys


def on_database(tmp_path, db, database: str):
    """A test-only fragment: the hub's db_url on another database of the same server."""
    path = tmp_path / f"test-only-{database}.py"
    url = db.url().rsplit("/", 1)[0] + f"/{database}"
    path.write_text(
        f"# test-only: the scenario's database {database}\nc.JupyterHub.db_url = {url!r}\n"
    )
    return path


@pytest.mark.reproduces("mysql-mariadb-specific-errors", "illegal-mix", "fk-refuses")
def test_latin1_database_and_a_user_name_it_cannot_hold(
    hub_factory, image, engine, tmp_path, symptoms
):
    db = DatabaseServer(engine, image, "mariadb", settings=LATIN1)
    hub = hub_factory([db.wiring(tmp_path)], spawner="simple")
    hub.create()
    db.start(hub)
    # Debian's package sets utf8mb4 in its configuration; the command line wins here, as
    # MariaDB's own default (latin1) would without that file.
    debian = db.container.exec_run(["cat", "/etc/mysql/mariadb.conf.d/50-server.cnf"])
    assert re.search(rb"(?m)^character-set-server\s*=\s*utf8mb4", debian.output), debian.output
    assert re.search(rb"(?m)^collation-server\s*=\s*utf8mb4_general_ci", debian.output)
    hub.start()

    # The page's diagnosis: latin1 everywhere.
    broken = charsets(hub, db)
    print(db.sql("SELECT VERSION();").check().stdout, broken)
    assert "latin1" in broken and "utf8mb4" not in broken, broken

    # Names latin1 holds work; one it does not hold fails, through the API and the login form.
    assert hub.api("POST", "users/émilie").status_code == 201
    mark = hub.mark()
    created = hub.api("POST", f"users/{NAME}")
    assert created.status_code == 500, (created.status_code, created.text)
    user = UserClient(hub)
    landed = user.login(NAME)
    assert landed.status == 500, user.trail()
    hub.wait_for_log(r"Illegal mix of collations", source="hub", run=None, since=mark, count=2)
    symptoms.seen(ENTRY, "illegal-mix", seen(hub, db, user, since=mark))

    # The usual advice, one ALTER TABLE ... CONVERT per table, stops at the first table
    # with a foreign key between text columns, foreign key checks off or not.
    hub.stop()
    with hub.held_start():
        naive = hub.exec(
            "mysql -h db -u jupyterhub jupyterhub -e 'SET foreign_key_checks = 0;"
            " ALTER TABLE api_tokens CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin'",
            env={"MYSQL_PWD": db.password},
        )
        assert naive.exit_code == 1, naive.output
        print(naive.output)  # what the page quotes (pytest -rP shows it)
        symptoms.seen(ENTRY, "fk-refuses", hub.observed())

    # The page's fix for an existing database, on the hub's machine with the hub stopped
    # (a held start runs it before the hub).
    keys_before = foreign_keys(db)
    hub.stop()
    with hub.held_start():
        done = exec_section(
            hub,
            f"{FOLDER}/fix.sh",
            "convert",
            env={"MYSQL_PWD": db.password},
            host="db",
            user="jupyterhub",
            database="jupyterhub",
        )
        assert done.exit_code == 0, done.output
        statements = hub.exec("cat jupyterhub-to-utf8mb4.sql", record=False).check().stdout
        assert "DROP FOREIGN KEY fk_api_tokens_client_id_oauth_clients;" in statements, statements
        print(statements)
    assert foreign_keys(db) == keys_before, (keys_before, foreign_keys(db))
    fixed = charsets(hub, db).splitlines()
    print("\n".join(fixed))
    # The server's default stays latin1; the database and every text column are utf8mb4.
    assert fixed[1] == "latin1" and "latin1" not in "\n".join(fixed[2:]), fixed
    assert fixed[3].split() == ["utf8mb4", "utf8mb4_bin"], fixed
    assert [line.split()[:2] for line in fixed[5:]] == [["utf8mb4", "utf8mb4_bin"]], fixed

    mark = hub.mark()
    assert hub.api("POST", f"users/{NAME}").status_code == 201
    # utf8mb4_bin compares names exactly: émilie and emilie are two users.
    assert hub.api("POST", "users/emilie").status_code == 201
    user = UserClient.with_server(hub, NAME)
    assert user.get("hub/home").status == 200, user.trail()
    symptoms.all_gone(hub.observed(user, since=mark))

    # Why the page prefers utf8mb4_bin: the _ci collations call these names equal.
    same = db.sql(
        "SET NAMES utf8mb4;"
        " SELECT 'émilie' = 'emilie' COLLATE utf8mb4_general_ci,"
        " 'émilie' = 'emilie' COLLATE utf8mb4_unicode_ci,"
        " 'émilie' = 'emilie' COLLATE utf8mb4_bin;"
    ).check()
    assert same.stdout.split()[-3:] == ["1", "1", "0"], same.stdout

    # The page's CREATE DATABASE, for a new hub: utf8mb4 whatever the server's default.
    script = with_parameters(
        section(f"{FOLDER}/fix.sh", "create"), database="jupyterhub_new", user="jupyterhub"
    )
    done = db.container.exec_run(["sh", "-ec", script], demux=True)
    assert done.exit_code == 0, done.output
    hub.reconfigure([on_database(tmp_path, db, "jupyterhub_new")])
    hub.restart()
    new = charsets(hub, db, "jupyterhub_new").splitlines()
    assert new[3].split() == ["utf8mb4", "utf8mb4_bin"], new
    assert [line.split()[:2] for line in new[5:]] == [["utf8mb4", "utf8mb4_bin"]], new
    mark = hub.mark()
    user = UserClient.with_server(hub, NAME)
    assert user.get("hub/home").status == 200, user.trail()
    symptoms.all_gone(hub.observed(user, since=mark))


@pytest.mark.reproduces(
    "mysql-mariadb-specific-errors",
    "failed-current-user",
    "rolling-back",
    "gone-away",
    "mariadb-aborted",
)
def test_wait_timeout_below_last_activity_interval(hub_factory, image, engine, tmp_path, symptoms):
    # The diagnosis the page borrows from external-db-connection-drops is run on the way.
    db, hub = idle_mariadb_hub(hub_factory, image, engine, tmp_path)

    # Quiet for longer than wait_timeout (and shorter than last_activity_interval, 300 s).
    assert hub.api("POST", "users/alice").status_code == 201
    mark = hub.mark()
    read_and_hold(hub)
    time.sleep(5)
    after = statuses(hub)
    assert after[0] == 403 and after[1:] == [200, 200], after
    symptoms.all_seen_soon(lambda: seen(hub, db, since=mark))

    # pool_recycle below wait_timeout (JupyterHub's documentation's advice) does not help:
    # it replaces connections taken from the pool, and the hub's session holds this one.
    recycled = tmp_path / "pool-recycle.py"
    recycled.write_text('c.JupyterHub.db_kwargs = {"pool_recycle": 2}\n')
    hub.reconfigure([db.wiring(tmp_path), recycled])
    hub.restart()
    read_and_hold(hub)
    time.sleep(5)
    assert statuses(hub)[0] == 403

    # The page's fix, with the scenario's limit (WAIT_TIMEOUT) as the reader's idle_limit.
    fix = fragment(f"{FOLDER}/fix.py").read_text()
    assert re.search(r"(?m)^idle_limit = \d+$", fix), fix
    ours = tmp_path / "fix.py"
    ours.write_text(re.sub(r"(?m)^idle_limit = \d+$", f"idle_limit = {WAIT_TIMEOUT}", fix))
    hub.reconfigure([db.wiring(tmp_path), ours])
    hub.restart()
    mark = hub.mark()
    aborted = db.log().count("Got timeout reading communication packets")
    for _ in range(2):
        read_and_hold(hub)
        time.sleep(5)
        assert statuses(hub) == [200, 200, 200]
    user = UserClient.with_server(hub, "you")
    assert user.get("hub/home").status == 200, user.trail()
    time.sleep(5)
    assert user.get("hub/home").status == 200, user.trail()
    # The hub no longer fails a request; the server still times out connections idle in
    # the hub's pool (its log keeps "Aborted connection"), and the hub replaces them.
    symptoms.all_gone({**hub.observed(user, since=mark), "database-log": ""})
    assert db.log().count("Got timeout reading communication packets") > aborted, db.log()
