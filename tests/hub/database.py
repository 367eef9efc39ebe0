"""Real database servers beneath a hub: Debian's PostgreSQL 15 and MariaDB 10.11 (in the
hub image), each in a container of its own on a hub's network as `db`, as on a database
host of the operator's.

    db = DatabaseServer(engine, image, "postgresql")
    hub = hub_factory([db.wiring(tmp_path), page_fragment])
    hub.create()                 # the hub's network, before the hub starts
    db.start(hub)
    hub.start()
    db.terminate_connections()   # pg_terminate_backend on the hub's sessions
    db.restart()                 # the server process restarted (its container stays)
    db.log()                     # what the server printed

The hub connects with ``db.url()`` (``postgresql://jupyterhub:<password>@db:5432/jupyterhub``,
``mysql+pymysql://...@db:3306/jupyterhub``); the drivers psycopg2 and PyMySQL are in the hub
image. ``settings`` are the server's own (``{"wait_timeout": 5}`` for MariaDB,
``{"idle_session_timeout": "5s"}`` for PostgreSQL), given on its command line. The password is
made per run.
"""

from __future__ import annotations

import ipaddress
import secrets
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import HarnessError
from .machine import ExecResult, container_log, put_files
from .util import tail

ALIAS = "db"  # the server's name on the hub's network
HOME = "/etc/database-test"


@dataclass(frozen=True)
class DatabaseKind:
    port: int
    scheme: str  # the SQLAlchemy URL scheme the hub is given
    run: str  # the server in the foreground (its log: the container's output)
    ready: str  # exits 0 once the server takes connections
    admin: str  # a client as the server's superuser, reading SQL from stdin
    create: str  # SQL: the hub's database and user (format: database, user, password)
    sessions: str  # SQL: end the hub's sessions (format: database)


PG = "/usr/lib/postgresql/15/bin"
KINDS = {
    "postgresql": DatabaseKind(
        port=5432,
        scheme="postgresql",
        run=(
            "echo 'host all all 0.0.0.0/0 scram-sha-256' >>/etc/postgresql/15/main/pg_hba.conf\n"
            "mkdir -p /var/run/postgresql && chown postgres /var/run/postgresql\n"
            f"exec su postgres -c '{PG}/postgres -D /var/lib/postgresql/15/main"
            " -c config_file=/etc/postgresql/15/main/postgresql.conf"
            " -c listen_addresses=* {settings}'"
        ),
        ready=f"su postgres -c '{PG}/pg_isready -q -h 127.0.0.1'",
        admin="su postgres -c 'psql -v ON_ERROR_STOP=1 -q'",
        create=(
            "CREATE ROLE {user} LOGIN PASSWORD '{password}';\n"
            "CREATE DATABASE {database} OWNER {user};\n"
        ),
        sessions=(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = '{database}' AND pid <> pg_backend_pid();"
        ),
    ),
    "mariadb": DatabaseKind(
        port=3306,
        scheme="mysql+pymysql",
        run=(
            "mkdir -p /run/mysqld && chown mysql /run/mysqld\n"
            "exec mariadbd --user=mysql --bind-address=0.0.0.0 --skip-name-resolve {settings}"
        ),
        ready="mariadb-admin ping --silent",
        admin="mariadb -u root",
        create=(
            "CREATE DATABASE IF NOT EXISTS {database};\n"
            "CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY '{password}';\n"
            "GRANT ALL PRIVILEGES ON {database}.* TO '{user}'@'%';\n"
        ),
        sessions=(
            "SELECT CONCAT('KILL ', id, ';') FROM information_schema.processlist "
            "WHERE db = '{database}' AND id <> CONNECTION_ID() INTO OUTFILE '/tmp/kill.sql';\n"
            "SOURCE /tmp/kill.sql;\n"
        ),
    ),
}


def _settings(kind: str, settings: dict) -> str:
    if kind == "postgresql":
        return " ".join(f"-c {k}={shlex.quote(str(v))}" for k, v in settings.items())
    return " ".join(f"--{k.replace('_', '-')}={shlex.quote(str(v))}" for k, v in settings.items())


class DatabaseServer:
    def __init__(
        self,
        engine,
        image,
        kind: str = "postgresql",
        database: str = "jupyterhub",
        user: str = "jupyterhub",
        settings: dict | None = None,
    ):
        if kind not in KINDS:
            raise HarnessError(f"database kind {kind!r}: expected one of {sorted(KINDS)}")
        self.engine = engine
        self.image = getattr(image, "tag", image)
        self.kind = kind
        self.spec = KINDS[kind]
        self.database = database
        self.user = user
        self.password = secrets.token_hex(12)
        self.settings = dict(settings or {})
        self.container = None

    def url(self, scheme: str | None = None, password: str | None = None) -> str:
        """The hub's ``db_url`` for this server (another scheme or password to show a
        mistake)."""
        scheme = scheme or self.spec.scheme
        password = self.password if password is None else password
        return f"{scheme}://{self.user}:{password}@{ALIAS}:{self.spec.port}/{self.database}"

    def wiring(self, tmp_path: Path, name: str = "database") -> Path:
        """A test-only config fragment: the hub's db_url pointed at this server (put it
        first, so page fragments can set the rest)."""
        path = tmp_path / f"test-only-{name}.py"
        path.write_text(
            f"# test-only: the scenario's {self.kind} server\n"
            f"c.JupyterHub.db_url = {self.url()!r}\n"
        )
        return path

    def start(self, hub, timeout: float = 60.0) -> None:
        """Run the server on `hub`'s network (hub.create() or start() first: its network
        exists then), with the hub's database and user; removed with the hub."""
        if hub.network is None:
            raise HarnessError("create the hub before its database (hub.create())")
        run = self.spec.run.format(settings=_settings(self.kind, self.settings))
        # An address of its own: started before the hub, it must not take the one the hub
        # is created with (the network's first; container.py).
        subnet = hub.network.attrs["IPAM"]["Config"][0]["Subnet"]
        address = str(ipaddress.ip_network(subnet)[10])
        endpoint = self.engine.client.api.create_endpoint_config(
            aliases=[ALIAS], ipv4_address=address
        )
        self.container = self.engine.client.containers.create(
            self.image,
            command=["/bin/sh", f"{HOME}/run.sh"],
            name=f"{hub.container_name}-db",
            labels=self.engine.labels("helper", hub=hub.id),
            network=hub.network_name,
            networking_config={hub.network_name: endpoint},
        )
        put_files(self.container, {f"{HOME.lstrip('/')}/run.sh": f"set -e\n{run}\n".encode()})
        self.container.start()
        self._wait_ready(timeout)
        create = self.spec.create.format(
            database=self.database, user=self.user, password=self.password
        )
        self.sql(create).check()

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status == "exited":
                break
            if self.container.exec_run(["sh", "-c", self.spec.ready]).exit_code == 0:
                return
            time.sleep(0.3)
        raise HarnessError(f"the {self.kind} server did not start.\nIts log:\n{tail(self.log())}")

    def sql(self, statements: str) -> ExecResult:
        """SQL as the server's superuser (psql / mariadb on stdin)."""
        cmd = f"printf '%s\\n' {shlex.quote(statements)} | {self.spec.admin}"
        result = self.container.exec_run(["sh", "-c", cmd], demux=True)
        out, err = result.output
        return ExecResult(
            result.exit_code,
            (out or b"").decode("utf-8", "replace"),
            (err or b"").decode("utf-8", "replace"),
        )

    def terminate_connections(self) -> ExecResult:
        """End every session of the hub's database on the server (the hub's pool keeps
        connections that are dead now), as an administrator or a failover would."""
        return self.sql(self.spec.sessions.format(database=self.database)).check()

    def restart(self, timeout: float = 60.0) -> None:
        """Restart the server process (its data stays): every connection drops."""
        self.container.restart(timeout=10)
        self._wait_ready(timeout)

    def stop(self) -> None:
        """Stop the server (start it again with restart())."""
        self.container.stop(timeout=10)

    def log(self) -> str:
        return container_log(self.container) if self.container is not None else ""
