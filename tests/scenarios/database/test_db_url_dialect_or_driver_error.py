"""database/db-url-dialect-or-driver-error: a real PostgreSQL 15 and MariaDB 10.11 beside a
real hub whose db_url names a database SQLAlchemy refuses, a driver that is missing, or
holds a password that was not URL-quoted; then the page's URLs, and the hub runs.

A missing driver is staged by moving its package aside in the hub's container before the
hub starts (the image has them all): the import then fails for real. The page's fix,
`pip install`, needs the network, so the scenario puts the package back instead. The
page's fragments name the database host db.internal; the scenario's is `db`, and the
password comes from the environment, as the fragments read it. scenario.yaml cannot run
a database server beside the hub."""

from __future__ import annotations

import pytest

from tests.hub.database import DatabaseServer
from tests.hub.sections import exec_section, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "db-url-dialect-or-driver-error"
FOLDER = f"database/{ENTRY}"
SITE = "/opt/hub/lib/python3.11/site-packages"
PASSWORD = "p@ss/w%rd"  # the page's example


def here(tmp_path, name: str, rel: str, part: str):
    """The page's fragment, pointed at the scenario's database host."""
    path = tmp_path / f"{name}.py"
    path.write_text(section(f"{FOLDER}/{rel}", part).replace("db.internal", "db"))
    return path


def move_aside(hub, module: str | None) -> None:
    """Before the hub's next start: every driver back in place, then `module` moved aside."""
    script = (
        f"for p in psycopg psycopg2 pymysql; do if [ -d {SITE}/$p.aside ]; then "
        f"mv {SITE}/$p.aside {SITE}/$p; fi; done"
    )
    if module:
        script += f"; mv {SITE}/{module} {SITE}/{module}.aside"
    hub.before_start(script)


def fails_with(hub, symptoms, fragments, aside=None) -> None:
    hub.reconfigure(fragments)
    move_aside(hub, aside)
    hub.stop()
    assert hub.start_until_exit(timeout=40) == 1
    return hub.observed(run=-1)


def runs(hub, fragments, aside=None) -> None:
    hub.reconfigure(fragments)
    move_aside(hub, aside)
    hub.stop()
    hub.start()
    user = UserClient(hub)
    user.login("you")
    assert user.get("hub/home").status == 200, user.trail()


def drivers(hub) -> str:
    shown = exec_section(hub, f"{FOLDER}/check.sh", "drivers", python="/opt/hub/bin/python")
    assert shown.exit_code == 0, shown.output
    return shown.stdout


@pytest.mark.reproduces(
    "db-url-dialect-or-driver-error",
    "no-dialect-postgres",
    "no-module-psycopg",
    "no-module-psycopg2",
    "unquoted-password",
)
def test_postgresql_urls(hub_factory, image, engine, tmp_path, symptoms):
    db = DatabaseServer(engine, image, "postgresql")
    scheme = here(tmp_path, "scheme", "broken.py", "postgres-scheme")
    hub = hub_factory([scheme], env={"JUPYTERHUB_DB_PASSWORD": PASSWORD})
    hub.create()
    db.start(hub)
    db.sql(f"ALTER ROLE {db.user} PASSWORD '{PASSWORD}';").check()

    # postgres:// (the page's broken fragment).
    seen = fails_with(hub, symptoms, [scheme])
    # The password pasted into the URL as it is.
    got = fails_with(hub, symptoms, [here(tmp_path, "raw", "unquoted-password.py", "unquoted")])
    seen["hub-log"] = seen.get("hub-log", "") + "\n" + got["hub-log"]
    # postgresql:// with only psycopg2 installed (SQLAlchemy 2.1: psycopg 3 wanted).
    got = fails_with(hub, symptoms, [here(tmp_path, "url", "fix.py", "url")], aside="psycopg")
    seen["hub-log"] += "\n" + got["hub-log"]
    # postgresql+psycopg2:// without psycopg2.
    got = fails_with(
        hub, symptoms, [here(tmp_path, "pg2", "psycopg2.py", "psycopg2")], aside="psycopg2"
    )
    seen["hub-log"] += "\n" + got["hub-log"]
    symptoms.all_seen(seen)

    # The fixes: naming psycopg2 works without psycopg 3 ...
    runs(hub, [here(tmp_path, "pg2", "psycopg2.py", "psycopg2")], aside="psycopg")
    listed = drivers(hub)
    assert "psycopg: missing" in listed and "psycopg2: installed" in listed, listed
    assert "SQLAlchemy 2.1" in listed, listed
    # ... and with psycopg 3 back, the page's postgresql:// URL, password quoted.
    runs(hub, [here(tmp_path, "url", "fix.py", "url")])
    assert "psycopg: installed" in drivers(hub)
    symptoms.all_gone(hub.observed(run=-1))


@pytest.mark.reproduces(
    "db-url-dialect-or-driver-error",
    "no-module-pymysql",
    "no-module-mysqldb",
)
def test_mysql_urls(hub_factory, image, engine, tmp_path, symptoms):
    db = DatabaseServer(engine, image, "mariadb")
    hub = hub_factory([], env={"JUPYTERHUB_DB_PASSWORD": db.password})
    hub.create()
    db.start(hub)
    seen = fails_with(hub, symptoms, [here(tmp_path, "my", "mysql.py", "pymysql")], aside="pymysql")
    bare = tmp_path / "bare.py"
    bare.write_text(f"c.JupyterHub.db_url = {db.url(scheme='mysql')!r}\n")
    got = fails_with(hub, symptoms, [bare])
    seen["hub-log"] += "\n" + got["hub-log"]
    symptoms.all_seen(seen)

    runs(hub, [here(tmp_path, "my", "mysql.py", "pymysql")])
    symptoms.all_gone(hub.observed(run=-1))
