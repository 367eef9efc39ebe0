"""database/external-db-connection-drops: a real PostgreSQL 15 and MariaDB 10.11 beneath a
real hub. The server ends the hub's connections (pg_terminate_backend, a fast shutdown and
start, MariaDB's wait_timeout while the hub idles); the hub's next request fails, the hub
recovers by itself, and the page's MySQL fix keeps the idle connection open. scenario.yaml
cannot run a database server beside the hub or end its connections.

The requests are the hub's REST API with a token (the harness's service) and a logged-in
user's page: the hub keeps the connection its last read-only request used checked out,
so that connection, not one in the pool, is the one the server ends."""

from __future__ import annotations

import time

import pytest

from tests.hub.database import DatabaseServer
from tests.hub.sections import fragment
from tests.hub.user_client import UserClient
from tests.scenarios.database.hub_requests import (
    api_users,
    idle_mariadb_hub,
    read_and_hold,
    seen,
    statuses,
)

pytestmark = pytest.mark.scenario

ENTRY = "external-db-connection-drops"
FOLDER = f"database/{ENTRY}"
PG = "/usr/lib/postgresql/15/bin"


def reachable(hub, db, timeout: float = 120.0) -> None:
    """Wait until the hub's container reaches the database again after its restart.

    The restarted container keeps its address but gets a new MAC address, and the hub's
    container keeps the old one in its neighbour table for a while (a harness artefact:
    a real server keeps its MAC across a restart). A connection from the database's
    side makes the hub's kernel learn the new one."""
    hub_ip = hub.exec("hostname -i", record=False).check().stdout.split()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.container.exec_run(["bash", "-c", f"timeout 2 bash -c 'echo > /dev/tcp/{hub_ip}/8081'"])
        probe = hub.exec(f"timeout 2 bash -c 'echo > /dev/tcp/db/{db.spec.port}'", record=False)
        if probe.exit_code == 0:
            return
        time.sleep(1)
    raise AssertionError("the hub's container does not reach the restarted database")


def write(hub, name: str) -> None:
    """A request that writes (a new user): the hub commits."""
    assert hub.api("POST", f"users/{name}").status_code == 201


@pytest.mark.reproduces(
    "external-db-connection-drops",
    "failed-current-user",
    "rolling-back",
    "admin-shutdown",
    "pg-terminating",
)
def test_postgresql_ends_the_hubs_connections(hub_factory, image, engine, tmp_path, symptoms):
    db = DatabaseServer(engine, image, "postgresql")
    hub = hub_factory([db.wiring(tmp_path)])
    hub.create()
    db.start(hub)
    hub.start()
    # A quiet hub (no user's server yet: its start and its activity reports would commit).
    write(hub, "alice")
    read_and_hold(hub)

    # An administrator (or a failover) ends the hub's sessions.
    db.terminate_connections()
    mark = hub.mark()
    assert api_users(hub) == 403  # the token could not be looked up: "invalid credentials"
    symptoms.all_seen_soon(lambda: seen(hub, db, since=mark))
    # The hub recovers by itself.
    assert api_users(hub) == 200

    # A fast shutdown and start of the server (as `systemctl restart postgresql`).
    read_and_hold(hub)
    # pg_ctl ends with the container (the server is its main process): its exec is killed.
    db.container.exec_run(
        ["su", "postgres", "-c", f"{PG}/pg_ctl -D /var/lib/postgresql/15/main -m fast -w stop"]
    )
    db.container.wait(timeout=30)
    assert "received fast shutdown request" in db.log(), db.log()
    db.restart()
    reachable(hub, db)
    mark = hub.mark()
    after = statuses(hub)
    restarted = hub.observed(since=mark)["hub-log"]
    assert after[0] == 403 and after[1:] == [200, 200], after
    assert "terminating connection due to administrator command" in restarted, restarted

    # Users log in and start servers as before, without restarting the hub.
    user = UserClient.with_server(hub, "you")
    assert user.get("hub/home").status == 200, user.trail()


@pytest.mark.reproduces(
    "external-db-connection-drops",
    "gone-away",
    "mariadb-aborted",
    "failed-current-user",
    "rolling-back",
)
def test_mariadb_wait_timeout_while_the_hub_idles(hub_factory, image, engine, tmp_path, symptoms):
    # The page's diagnosis, the server's idle limit, is run on the way.
    db, hub = idle_mariadb_hub(hub_factory, image, engine, tmp_path)

    # A user logs in and starts a server; then the hub is left alone longer than
    # wait_timeout, holding the connection its last request read with.
    mark = hub.mark()
    UserClient(hub).login("you")
    hub.wait_server_ready("you")
    read_and_hold(hub)
    time.sleep(5)
    after = statuses(hub)
    assert after[0] == 403 and after[-1] == 200, after  # one failure, then it recovers
    symptoms.all_seen_soon(lambda: seen(hub, db, since=mark))

    # pool_pre_ping (SQLAlchemy's advice) does not help: it checks connections taken
    # from the pool, and the hub still holds this one.
    prepinged = tmp_path / "pre-ping.py"
    prepinged.write_text('c.JupyterHub.db_kwargs = {"pool_pre_ping": True}\n')
    hub.reconfigure([db.wiring(tmp_path), prepinged])
    hub.restart()
    read_and_hold(hub)
    time.sleep(5)
    assert 403 in statuses(hub)

    # The page's fix: the hub's own sessions keep connections for 8 hours.
    hub.reconfigure([db.wiring(tmp_path), fragment(f"{FOLDER}/fix.py")])
    hub.restart()
    mark = hub.mark()
    aborted_before = db.log().count("Aborted connection")
    UserClient(hub).login("you")
    time.sleep(5)
    assert statuses(hub) == [200, 200, 200]
    time.sleep(5)
    assert statuses(hub) == [200, 200, 200]
    user = UserClient.with_server(hub, "you")
    assert user.get("hub/home").status == 200, user.trail()
    symptoms.all_gone({**hub.observed(user, since=mark), "database-log": ""})
    assert db.log().count("Aborted connection") == aborted_before, db.log()
