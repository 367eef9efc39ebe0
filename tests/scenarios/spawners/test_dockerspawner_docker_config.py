"""spawners/dockerspawner-docker-config: DockerSpawner cannot reach the container engine.

Each case is a hub that DockerSpawner's docker-py client cannot connect from: no socket in
the hub's container, a DOCKER_HOST where nothing listens, a hub user outside the socket's
group, a rootless engine's socket that DockerSpawner does not look for, TLS settings it
cannot use. Then the page's fix, and a user's server that starts.

Test-only stand-ins (never shown on the page):

- The hub runs as an unprivileged user 'jupyterhub' (as systemd's User= would run it): the
  first config fragment drops root, keeping the supplementary groups /etc/group gives it.
- The engine's socket as a real host has it: Docker's packages make /var/run/docker.sock
  root:docker with mode 660, a rootless engine makes /run/user/<uid>/docker.sock for its
  user, dockerd --tlsverify listens on TCP with TLS. The harness's engine socket is mounted
  elsewhere in the hub's container, and a small relay (root, started before the hub)
  offers it at those places, with those owners, modes and certificates.
"""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "dockerspawner-docker-config"
CHECK = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"
SOCKET = fragment(f"spawners/{ENTRY}/socket.py")
ROOTLESS = fragment(f"spawners/{ENTRY}/rootless.py")
TLS = fragment(f"spawners/{ENTRY}/tls.py")
TLS_OLD = fragment(f"spawners/{ENTRY}/tls-old.py")

HUB_USER = "jupyterhub"
ENGINE = "/run/engine/engine.sock"  # where the harness's engine socket is mounted
RELAY = "/usr/local/lib/jhts-relay.py"
TLS_HOST = "docker-engine.internal"
CERTS = "/etc/jhts-test-certs"  # the test CA's files; the page's client files are copied

RELAY_PY = f'''
"""test-only: offers the engine's socket ({ENGINE}) at another unix path, with an
owner, a group and a mode; or over TCP with TLS and client certificates."""
import asyncio, grp, os, pwd, ssl, sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(reader, writer):
    try:
        upstream_reader, upstream_writer = await asyncio.open_unix_connection({ENGINE!r})
    except OSError:
        writer.close()
        return
    await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


async def main(kind, *args):
    if kind == "unix":
        path, owner, group, mode = args
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.unlink(path)
        server = await asyncio.start_unix_server(handle, path)
        os.chown(path, pwd.getpwnam(owner).pw_uid, grp.getgrnam(group).gr_gid)
        os.chmod(path, int(mode, 8))
    else:
        certs, port = args
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=certs + "/ca.pem")
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_cert_chain(certs + "/server-cert.pem", certs + "/server-key.pem")
        server = await asyncio.start_server(handle, "127.0.0.1", int(port), ssl=context)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main(*sys.argv[1:]))
'''

# test-only: the hub runs as HUB_USER, with the groups /etc/group gives it at each start.
AS_HUB_USER = f"""
import os as _os, pwd as _pwd

_hub = _pwd.getpwnam({HUB_USER!r})
_os.initgroups({HUB_USER!r}, _hub.pw_gid)
_os.setgid(_hub.pw_gid)
_os.setuid(_hub.pw_uid)
_os.environ["HOME"] = _hub.pw_dir
"""

MAKE_HUB_USER = (
    f"id {HUB_USER} >/dev/null 2>&1 || useradd --system --create-home {HUB_USER}\n"
    "getent group docker >/dev/null || groupadd --system docker\n"
    f"chown -R {HUB_USER} /srv/jupyterhub\n"
)


def relay(*args: str) -> str:
    """Prestart lines: the relay in the background, waited for."""
    log = f"/var/log/jhts-relay-{abs(hash(args))}.log"
    return (
        f"nohup /usr/bin/python3 {RELAY} {' '.join(args)} >{log} 2>&1 </dev/null &\n"
        f"i=0; until grep -q ready {log}; do i=$((i+1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done\n"
    )


def hub_with_engine_elsewhere(hub_factory, engine, fragments, prestart: str, **options):
    """A DockerSpawner hub whose engine socket is at ENGINE, not at the default path."""
    hub = hub_factory(
        fragments,
        spawner="docker",
        mount_engine_socket=False,
        volumes={engine.socket_path: ENGINE},
        **options,
    )
    hub.write_file(RELAY, RELAY_PY)
    hub.before_start(prestart)
    return hub


def failed_spawn(hub) -> dict[str, str]:
    return hub.observed(UserClient.with_failed_spawn(hub, "you"))


TLS_FILES = "/etc/jupyterhub/docker-tls"  # where the page's tls.py looks for them

# test-only: a CA, the engine's server certificate for TLS_HOST, and a client certificate,
# made once in the hub's container; TLS_HOST resolves to the container itself.
MAKE_CERTS = f"""
if [ ! -f {CERTS}/cert.pem ]; then
  mkdir -p {CERTS} && cd {CERTS}
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout ca-key.pem -out ca.pem
  openssl req -newkey rsa:2048 -nodes -subj /CN={TLS_HOST} -keyout server-key.pem -out server.csr
  printf 'subjectAltName=DNS:{TLS_HOST}\\nextendedKeyUsage=serverAuth\\n' >server.ext
  openssl x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile server.ext -out server-cert.pem
  openssl req -newkey rsa:2048 -nodes -subj /CN=jupyterhub -keyout key.pem -out client.csr
  printf 'extendedKeyUsage=clientAuth\\n' >client.ext
  openssl x509 -req -days 2 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile client.ext -out cert.pem
  cd /
fi 2>/dev/null
grep -q ' {TLS_HOST}$' /etc/hosts || echo '127.0.0.1 {TLS_HOST}' >>/etc/hosts
"""


def copy_client_files(hub, directory: str) -> None:
    """test-only: the admin puts the engine's CA and the hub's client files in place."""
    done = hub.exec(
        f"mkdir -p {directory} && cp {CERTS}/ca.pem {CERTS}/cert.pem {CERTS}/key.pem {directory}/"
        f" && chmod 600 {directory}/key.pem"
    )
    assert done.exit_code == 0, done.output


def tls_engine_hub(hub_factory, engine, fragments, **options):
    hub = hub_with_engine_elsewhere(
        hub_factory, engine, fragments, MAKE_CERTS + relay("tls", CERTS, "2376"), **options
    )
    hub.start()
    resolved = hub.exec(f"getent hosts {TLS_HOST}")  # never a DNS query leaving the machine
    assert resolved.stdout.split()[:1] == ["127.0.0.1"], resolved.output
    return hub


def env_check(hub) -> str:
    done = exec_section(hub, CHECK, "env")
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.reproduces("dockerspawner-docker-config", "missing-socket", "spawn-failed")
def test_hub_container_without_the_socket(hub_factory, symptoms):
    # The hub in a container started without -v /var/run/docker.sock:/var/run/docker.sock.
    hub = hub_factory([], spawner="docker", mount_engine_socket=False).start()
    symptoms.all_seen(failed_spawn(hub))
    socket = exec_section(hub, CHECK, "socket", hub_user="root")
    assert "cannot access '/var/run/docker.sock': No such file or directory" in socket.output
    assert "no DOCKER_ variables" in env_check(hub)

    # The page's fix: the same hub started with the socket mounted (the harness mounts the
    # engine's socket there, as the page's docker run -v does).
    fixed = hub_factory([], spawner="docker").start()
    symptoms.all_gone(fixed.observed(UserClient.with_server(fixed, "you")))
    assert exec_section(fixed, CHECK, "socket", hub_user="root").exit_code == 0


@pytest.mark.reproduces("dockerspawner-docker-config", "tcp-refused")
def test_docker_host_where_no_engine_listens(hub_factory, symptoms):
    # DOCKER_HOST left over from another set-up: an engine on TCP that is not there.
    hub = hub_factory([], spawner="docker", env={"DOCKER_HOST": "tcp://127.0.0.1:2375"}).start()
    symptoms.all_seen(failed_spawn(hub))
    assert "DOCKER_HOST=tcp://127.0.0.1:2375" in env_check(hub)

    # The page's fix: client_kwargs names the socket, and wins over DOCKER_HOST.
    hub.reconfigure([SOCKET])
    hub.restart()
    symptoms.all_gone(hub.observed(UserClient.with_server(hub, "you"), run=-1))


DOCKER_SOCKET = relay("unix", "/run/docker.sock", "root", "docker", "660")


@pytest.mark.reproduces("dockerspawner-docker-config", "permission-denied")
def test_hub_user_not_in_the_sockets_group(hub_factory, engine, symptoms, tmp_path):
    # The hub runs as 'jupyterhub'; Docker's socket is root:docker, mode 660.
    as_hub = scratch_fragment(tmp_path, "hub-runs-as-jupyterhub", AS_HUB_USER)
    hub = hub_with_engine_elsewhere(hub_factory, engine, [as_hub], MAKE_HUB_USER + DOCKER_SOCKET)
    hub.start()
    symptoms.all_seen(failed_spawn(hub))
    assert env_check(hub).split()[:2] == [HUB_USER, "1"]
    socket = exec_section(hub, CHECK, "socket")
    assert " root docker " in socket.stdout and "docker" not in socket.stdout.split("groups=")[1]
    as_hub_user = exec_section(hub, CHECK, "as-hub")
    assert "PermissionError(13, 'Permission denied')" in as_hub_user.output, as_hub_user.output

    # The page's fix: the hub's user in the docker group, then a restart of the hub.
    added = exec_section(hub, FIX_SH, "docker-group", hub_user=HUB_USER)
    assert added.exit_code == 0, added.output
    hub.before_start(MAKE_HUB_USER + DOCKER_SOCKET)
    hub.restart()
    symptoms.all_gone(hub.observed(UserClient.with_server(hub, "you"), run=-1))
    as_hub_user = exec_section(hub, CHECK, "as-hub")
    assert "engine answers, version" in as_hub_user.stdout, as_hub_user.output


def test_rootless_engine_socket_of_the_hub_user(hub_factory, engine, symptoms, tmp_path):
    # A rootless engine run by the hub's user: its socket is in that user's runtime
    # directory, and nothing is at /var/run/docker.sock.
    as_hub = scratch_fragment(tmp_path, "hub-runs-as-jupyterhub", AS_HUB_USER)
    rootless = relay(
        "unix",
        f"/run/user/$(id -u {HUB_USER})/docker.sock",
        HUB_USER,
        f"$(id -gn {HUB_USER})",
        "600",
    )
    hub = hub_with_engine_elsewhere(hub_factory, engine, [as_hub], MAKE_HUB_USER + rootless)
    hub.start()
    symptoms.seen(ENTRY, "missing-socket", failed_spawn(hub))

    hub.reconfigure([as_hub, ROOTLESS])
    hub.before_start(MAKE_HUB_USER + rootless)  # the hub's files stay its user's
    hub.restart()
    symptoms.gone(ENTRY, "missing-socket", hub.observed(UserClient.with_server(hub, "you"), run=-1))


@pytest.mark.reproduces("dockerspawner-docker-config", "tls-files-missing")
def test_tls_variables_without_the_client_files(hub_factory, engine, symptoms):
    # The hub's environment asks for TLS, as `docker context` or docker-machine set-ups
    # do, but the certificate directory is not there (not copied, or another user's ~).
    env = {
        "DOCKER_HOST": f"tcp://{TLS_HOST}:2376",
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": "/etc/jupyterhub/docker-certs",
    }
    hub = tls_engine_hub(hub_factory, engine, [], env=env)
    symptoms.all_seen(failed_spawn(hub))
    assert "DOCKER_TLS_VERIFY=1" in env_check(hub)

    # The files in DOCKER_CERT_PATH, with the names docker-py reads there.
    copy_client_files(hub, "/etc/jupyterhub/docker-certs")
    mark = hub.mark()
    symptoms.all_gone(hub.observed(UserClient.with_server(hub, "you"), since=mark))


@pytest.mark.reproduces("dockerspawner-docker-config", "tls-assert-hostname")
def test_tls_config_from_docker_py_6(hub_factory, engine, symptoms):
    hub = tls_engine_hub(hub_factory, engine, [TLS_OLD])
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    copy_client_files(hub, TLS_FILES)
    symptoms.all_seen(failed_spawn(hub))

    # The page's tls.py: the same files and engine, without the option docker-py 7 dropped.
    hub.reconfigure([TLS])
    hub.before_start(MAKE_CERTS + relay("tls", CERTS, "2376"))
    hub.restart()
    assert not check_names(hub, ENTRY)
    symptoms.all_gone(hub.observed(UserClient.with_server(hub, "you"), run=-1))
