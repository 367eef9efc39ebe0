"""What the two pages about a database server that ends the hub's connections share in their
scenarios (external-db-connection-drops, mysql-mariadb-specific-errors): the hub's REST API
as the requests, and a MariaDB whose wait_timeout is a few seconds under a running hub."""

from __future__ import annotations

from tests.hub.database import DatabaseServer
from tests.hub.sections import exec_section

# The page that shows how to read the server's idle limit; the other page borrows it.
DROPS = "database/external-db-connection-drops"
WAIT_TIMEOUT = 3  # seconds: MariaDB's idle limit in these scenarios


def seen(hub, db, user=None, since=None) -> dict[str, str]:
    return {**hub.observed(user, since=since), "database-log": db.log()}


def api_users(hub) -> int:
    return hub.api("GET", "/users").status_code


def statuses(hub, n: int = 3) -> list[int]:
    return [api_users(hub) for _ in range(n)]


def read_and_hold(hub) -> None:
    """A request that only reads: the hub's session keeps its connection checked out."""
    assert api_users(hub) == 200


def idle_mariadb_hub(hub_factory, image, engine, tmp_path):
    """A MariaDB that ends connections idle for WAIT_TIMEOUT seconds, a hub running on it,
    and the page's diagnosis of that limit run in the hub's container: (db, hub)."""
    db = DatabaseServer(engine, image, "mariadb", settings={"wait_timeout": WAIT_TIMEOUT})
    hub = hub_factory([db.wiring(tmp_path)])
    hub.create()
    db.start(hub)
    hub.start()
    shown = exec_section(
        hub,
        f"{DROPS}/check.sh",
        "wait-timeout",
        env={"MYSQL_PWD": db.password},
        host="db",
        user="jupyterhub",
    )
    assert shown.exit_code == 0 and shown.stdout.split() == [str(WAIT_TIMEOUT)], shown.output
    return db, hub
