"""The hub harness itself: a real hub boots, a user logs in and reaches a working server
(LocalProcessSpawner in the hub's container, DockerSpawner in a container of its own);
bad input fails fast with a message that says where the logs are; nothing is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.hub.database import DatabaseServer
from tests.hub.engine import Engine
from tests.hub.errors import EngineUnavailable, HubExited, HubNotReady
from tests.hub.front import FrontServer
from tests.hub.idp import OidcProvider
from tests.hub.ldap import LdapServer
from tests.hub.user_client import UserClient
from tests.hub.user_image import _pins, lock_path
from tests.hub.util import REPO_ROOT, pid_alive

pytestmark = pytest.mark.scenario


def _fragment(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


# ---------------------------------------------------------------- happy paths


def test_oidc_provider_signs_a_user_in_to_the_hub(hub_factory, image, engine, tmp_path):
    """GenericOAuthenticator against the real provider: the hub's OAuth login, the provider's
    login and consent forms, the hub's callback; the user exists with the provider's claim
    as name, and a user the allow list does not hold is refused."""
    accounts = {"alice": {"preferred_username": "ally"}, "mallory": {"preferred_username": "mal"}}
    idp = OidcProvider(engine, image, accounts=accounts)
    user_settings = _fragment(
        tmp_path,
        "oidc-users.py",
        """
        c.GenericOAuthenticator.scope = ["openid", "profile"]
        c.GenericOAuthenticator.username_claim = "preferred_username"
        c.GenericOAuthenticator.allowed_users = {"ally"}
        """,
    )
    hub = hub_factory(
        [idp.wiring(tmp_path), user_settings], authenticator=None, spawner="simple"
    ).start()
    idp.start(hub)
    ally = UserClient(hub)
    idp.sign_in(ally, "alice")
    assert ally.logged_in, ally.trail()
    assert hub.api("GET", "users/ally").status_code == 200
    stranger = UserClient(hub)
    landed = idp.sign_in(stranger, "mallory")
    assert not stranger.logged_in and landed.status == 403, stranger.trail()


def test_ldap_server_checks_the_users_password(hub_factory, image, engine, tmp_path):
    """LDAPAuthenticator against the real slapd: StartTLS, a bind as the user's DN; the
    right password signs in, a wrong one is refused, and slapd saw both binds."""
    directory = LdapServer(engine, image, users={"alice": "alice-password"})
    user_settings = _fragment(
        tmp_path,
        "ldap-users.py",
        """
        c.LDAPAuthenticator.bind_dn_template = ["uid={username},ou=people,dc=example,dc=org"]
        c.LDAPAuthenticator.allowed_users = {"alice"}
        """,
    )
    hub = hub_factory(
        [directory.wiring(tmp_path), user_settings], authenticator=None, spawner="simple"
    ).start()
    directory.start(hub)
    wrong = UserClient(hub)
    wrong.login("alice", "not-her-password")
    assert not wrong.logged_in, wrong.trail()
    alice = UserClient(hub)
    alice.login("alice", "alice-password")
    assert alice.logged_in, alice.trail()
    binds = [line for line in directory.log().splitlines() if 'BIND dn="uid=alice,' in line]
    assert len(binds) >= 2, directory.log()[-3000:]


@pytest.mark.parametrize("spawner", ["local", "simple"])
def test_login_spawn_and_reach_server_in_hub_container(hub_factory, spawner):
    hub = hub_factory(spawner=spawner).start()
    assert hub.ready_seconds < 20

    browser = UserClient(hub)
    login = browser.login("you")
    assert browser.logged_in, browser.trail()
    assert login.status == 200, browser.trail()

    spawn = browser.spawn("you", timeout=30)
    assert spawn.ready, f"{spawn.message}\n{browser.trail()}\n{hub.hub_log(run=-1)[-3000:]}"
    assert browser.working_server("you"), browser.trail()
    assert browser.history[-1].status == 200
    assert '"started"' in browser.history[-1].body  # /user/you/api/status JSON

    assert "User you took" in hub.hub_log()
    assert "Route added /user/you" in hub.proxy_log()
    assert "[ConfigProxy]" not in hub.hub_log()
    assert "Jupyter Server" in hub.singleuser_log("you")
    seen = hub.observed(browser)
    assert set(seen) == {"hub-log", "proxy-log", "singleuser-log", "shell", "browser"}
    # the login may already land on the server (a fast spawn), else the progress page
    assert "progress: Server ready at /user/you/" in seen["browser"] or (
        "/user/you/" in spawn.landing.url
    ), seen["browser"]


def test_docker_spawner_server_in_its_own_container(hub_factory, engine):
    hub = hub_factory(spawner="docker").start()
    browser = UserClient(hub)
    browser.login("you")
    spawn = browser.spawn("you", timeout=40)
    assert spawn.ready, f"{spawn.message}\n{hub.hub_log(run=-1)[-3000:]}"
    assert browser.working_server("you"), browser.trail()

    name = hub.user_container_name("you")
    user = hub.user_container("you")
    assert user is not None and user.status == "running"
    assert user.id != hub.container.id
    assert "Jupyter Server" in hub.singleuser_log("you")
    # the server runs as jovyan, not root, in the same image
    assert hub.exec_user("you", "id -un").stdout.strip() == "jovyan"
    # requests reach the hub from the other container, by name on the hub's network
    assert "POST /hub/api/oauth2/token" in hub.hub_log()

    assert shutil.which("docker"), (
        "no docker client on PATH: the documented `docker rm -f` must run for real "
        "(install Docker's client, e.g. Debian's docker.io package)"
    )
    ps = hub.docker("ps", "--format", "{{.Names}}")
    assert ps.exit_code == 0, ps.output
    assert name in ps.stdout.split()
    assert hub.docker("rm", "-f", name).exit_code == 0
    assert hub.user_container("you") is None
    assert f"$ docker rm -f {name}" in hub.observed()["shell"]


def test_user_image_variant_runs_a_real_kernel(hub_factory):
    hub = hub_factory(user_image="kernel").start()
    assert "/user:kernel-" in hub.image
    browser = UserClient.with_server(hub, "you")
    # The variant adds exactly its lock's wheels: ipykernel at its pin, in the hub's env.
    version = hub.exec(
        ["/opt/hub/bin/python", "-c", "import ipykernel; print(ipykernel.__version__)"]
    )
    assert version.stdout.strip() == _pins(lock_path("kernel"))["ipykernel"], version.output
    # A kernel starts in the user's server (what the hub image alone cannot do).
    started = browser.post(
        "user/you/api/kernels",
        json={"name": "python3"},
        headers={"X-XSRFToken": browser.xsrf_for("user/you/api/kernels")},
    )
    assert started.status == 201, browser.trail()
    kernel_id = json.loads(started.body)["id"]
    hub.wait_for_log(f"Kernel started: {kernel_id}", source="singleuser:you")


NGINX_SITE = """\
map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
}
server {
    listen 80;
    location / {
        proxy_pass http://127.0.0.1:8000;
        proxy_set_header Host $http_host;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
    }
}
"""


def test_nginx_in_front_carries_a_kernel_websocket(hub_factory):
    hub = hub_factory(publish=(80,), user_image="kernel").start()
    front = FrontServer(hub, "nginx")
    refused = front.install_text("server { listen 80; proxy_pass; }\n")
    assert refused.exit_code != 0 and "test failed" in refused.output, refused.output
    check = front.install_text(NGINX_SITE)
    assert check.exit_code == 0, check.output
    front.start()
    browser = UserClient(front.url)
    browser.login("you")
    assert browser.spawn("you").ready, browser.trail()
    kernel_id = browser.start_kernel("you")
    socket = browser.kernel_websocket("you", kernel_id)
    assert socket.connected, socket
    # Every request went through nginx: its access log has the upgraded handshake.
    assert f'GET /user/you/api/kernels/{kernel_id}/channels HTTP/1.1" 101' in front.access_log()


@pytest.mark.parametrize("kind", ["postgresql", "mariadb"])
def test_database_server_holds_the_hub_database(hub_factory, image, engine, tmp_path, kind):
    db = DatabaseServer(engine, image, kind)
    hub = hub_factory([db.wiring(tmp_path)])
    hub.create()
    db.start(hub)
    hub.start()
    UserClient(hub).login("you")
    use = "\\c jupyterhub" if kind == "postgresql" else "USE jupyterhub;"
    users = db.sql(f"{use}\nSELECT name FROM users;").check()
    assert "you" in users.stdout.split(), users.output
    # The hub's connection ended on the server: its next query says so. Which line depends
    # on where the connection was: checked out (the query fails, the session rolls back)
    # or back in the pool (the hub's ping on checkout finds it dead and reconnects).
    db.terminate_connections()
    mark = hub.mark()
    hub.api("GET", "/users")
    hub.wait_for_log(
        "Rolling back session due to database error"
        "|Database connection error, attempting to reconnect",
        since=mark,
    )


# ---------------------------------------------------------------- helpers for scenarios


def test_port_squatter_and_restart_with_db_reset(hub_factory):
    # The hub's own port held before it starts: it exits, and says why.
    hub = hub_factory()
    hub.squat_port(8081, ip="127.0.0.1")
    hub.start(wait=None)
    assert hub.wait_exit(timeout=30) == 1
    assert "Failed to bind hub to http://127.0.0.1:8081/hub/" in hub.hub_log()

    # Restarting runs it again in the same container: the squatter is gone with the
    # first run's processes, the database from that run stays unless reset.
    hub.start()
    assert hub.api("POST", "users/alice").status_code == 201
    hub.restart()
    assert hub.user_model("alice") is not None
    hub.stop()
    hub.reset_db()
    hub.start()
    assert hub.user_model("alice") is None
    assert len(hub._run_starts) == 4
    assert "Failed to bind" not in hub.hub_log(run=-1)


def test_stray_proxy_with_another_token(hub_factory):
    hub = hub_factory()
    hub.start_stray_proxy(token="not-the-hubs-token")
    hub.start(wait=None)
    assert hub.wait_exit(timeout=30) == 1
    hub.wait_for_log(r"api_request to proxy failed: (HTTP )?403", source="hub", run=-1)
    assert "EADDRINUSE" in hub.proxy_log()


# ---------------------------------------------------------------- bad input, bounded time


def start_fails(hub, error, timeout: float, within: float) -> str:
    """start(timeout=) raises ``error`` within ``within`` seconds; its message."""
    t0 = time.monotonic()
    with pytest.raises(error) as info:
        hub.start(timeout=timeout)
    assert time.monotonic() - t0 < within
    return str(info.value)


def test_fragment_with_syntax_error_fails_fast(hub_factory, tmp_path):
    broken = _fragment(tmp_path, "broken_config.py", "c.JupyterHub.port = (\n")
    hub = hub_factory([broken])
    message = start_fails(hub, HubExited, timeout=60, within=20)
    assert "exited with code" in message
    assert f"{broken}:1: SyntaxError" in message
    assert "Logs saved in" in message
    assert (hub.artefacts / "hub-container.log").read_text().strip()
    assert "SyntaxError" in (hub.artefacts / "hub-container.log").read_text()


def test_hub_that_never_gets_ready_fails_after_the_timeout(hub_factory, tmp_path):
    stuck = _fragment(tmp_path, "stuck.py", "import time\ntime.sleep(600)\n")
    message = start_fails(hub_factory([stuck]), HubNotReady, timeout=2, within=12)
    assert "not ready after 2 s" in message
    assert "Logs saved in" in message


def test_hub_that_dies_during_start_is_not_waited_for(hub_factory):
    # configurable-http-proxy off PATH: the hub exits within seconds; start() must say
    # so at once instead of waiting for its timeout.
    hub = hub_factory(env={"PATH": "/opt/hub/bin:/usr/bin:/bin"})
    message = start_fails(hub, HubExited, timeout=120, within=30)
    assert "Failed to find proxy" in message or "Failed to find proxy" in hub.hub_log()


def test_missing_engine_says_what_is_missing(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    t0 = time.monotonic()
    with pytest.raises(EngineUnavailable, match="DOCKER_HOST=unix:///nonexistent/docker.sock"):
        Engine.connect(force="docker")
    monkeypatch.delenv("DOCKER_HOST")
    monkeypatch.setenv("PATH", "/nonexistent")
    if not os.path.exists("/var/run/docker.sock"):
        with pytest.raises(EngineUnavailable, match="podman is not installed"):
            Engine.connect(force="auto")
    with pytest.raises(EngineUnavailable, match="podman is not installed"):
        Engine.connect(force="podman")
    assert time.monotonic() - t0 < 30


# ---------------------------------------------------------------- nothing left behind


def test_close_removes_everything(engine, image, tmp_path):
    """A second engine (its own Podman service, if Podman) with a hub and a user container."""
    from tests.hub.hub import Hub

    other = Engine.connect()
    service_pid = other.service.pid if other.service else None
    service_dir = other.service.dir if other.service else None
    hub = Hub(other, image, spawner="docker", artefacts=tmp_path / "hub").start()
    browser = UserClient(hub)
    browser.login("you")
    assert browser.spawn("you", timeout=40).ready
    hub.exec_user("you", "true")  # an exec session: Podman keeps a conmon for it a while
    before = engine.leftovers(other.run_id)
    assert len(before["containers"]) == 2 and len(before["networks"]) == 1, before

    left = other.close()
    assert not any(left.values()), left
    assert engine.leftovers(other.run_id) == {"containers": [], "networks": [], "volumes": []}
    if service_pid:
        assert not pid_alive(service_pid)
        assert not service_dir.exists()
        # and no container monitor (conmon) of those containers lingers for long
        deadline = time.monotonic() + 20
        while _conmons(before["containers"]) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _conmons(before["containers"])


def _conmons(names: list[str]) -> list[int]:
    """Pids of conmon processes that watch one of these containers (Linux, Podman)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"conmon"):
            for i, arg in enumerate(argv[:-1]):
                if arg == b"-n" and argv[i + 1].decode() in names:
                    found.append(int(proc.name))
    return found


CHILD = """
import signal, sys, time
# A run started in the background inherits SIGINT ignored; a terminal's Ctrl-C is what
# this child stands for, so give it Python's usual KeyboardInterrupt.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {root!r})
from tests.hub.engine import Engine
from tests.hub.hub import Hub
engine = Engine.connect()
hub = Hub(engine, {image!r})
hub.start(wait=None)
print(engine.run_id, engine.service.pid if engine.service else 0, flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_cleans_up(engine, image, sig):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(REPO_ROOT), image=image.tag)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline().split()
        assert line, child.stderr.read()
        run_id, service_pid = line[0], int(line[1])
        assert engine.leftovers(run_id)["containers"], "the child made no hub"
        child.send_signal(sig)
        try:
            # Removing a booting hub can take a while on a loaded 2-core machine.
            child.wait(120)
        except subprocess.TimeoutExpired:
            child.kill()
            pytest.fail(
                f"the child ignored signal {sig} for 120 s; its stderr:\n{child.stderr.read()}"
            )
    finally:
        if child.poll() is None:
            child.kill()
    assert engine.leftovers(run_id) == {"containers": [], "networks": [], "volumes": []}
    if service_pid:
        assert not pid_alive(service_pid)


def test_no_resources_of_dead_runs(engine):
    """Whatever carries the harness's labels belongs to a live process. (At the end of
    the session the engine fixture fails if its own sweep left anything.)"""
    assert engine.sweep_stale() == []
    labels = {"label": "org.jupyterhub-troubleshooting.run"}
    # sparse: the list's own fields, no inspect per container (another worker may remove
    # one between the list and its inspect, which Podman answers with a 500)
    for c in engine.client.containers.list(all=True, filters=labels, sparse=True):
        owner = int(c.attrs["Labels"]["org.jupyterhub-troubleshooting.owner-pid"])
        assert pid_alive(owner), f"{c.attrs.get('Names')} belongs to dead process {owner}"
    assert json.dumps(engine.leftovers(), sort_keys=True)  # queryable
