"""The container engine, reached through the Docker API.

Discovery (``HUB_ENGINE=auto``, the default):

1. ``DOCKER_HOST`` if set (it must answer);
2. ``/var/run/docker.sock`` if it answers;
3. Podman: a ``podman system service`` on a socket in a run-specific temp dir,
   started and stopped by the harness.

``HUB_ENGINE=docker`` allows only 1-2, ``HUB_ENGINE=podman`` only 3.

Everything the harness creates carries the label ``org.jupyterhub-troubleshooting.run``
with an id unique to this process; :meth:`Engine.close` removes it (user containers,
then hubs, then networks, then volumes) and stops the Podman service. ``atexit`` and
SIGTERM/SIGHUP handlers do the same if the process ends another way; resources of
runs whose process died (SIGKILL) are swept when the next run connects.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import ipaddress
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import docker
import docker.errors

from .errors import EngineUnavailable, HarnessError
from .util import HERE, LABEL, pid_alive

LABEL_RUN = f"{LABEL}.run"
LABEL_PID = f"{LABEL}.owner-pid"
LABEL_HOST = f"{LABEL}.owner-host"
LABEL_ROLE = f"{LABEL}.role"  # hub | singleuser | helper
LABEL_HUB = f"{LABEL}.hub"

# Per-hub networks get a /24 from here. .ci/run blackholes 10.89.0.0/16 as a safety
# net; the upper half avoids the /24s Podman hands out by itself (10.89.0.0 upwards).
SUBNET_POOL = ipaddress.ip_network("10.89.128.0/17")

PROJECT_CONTAINERS_CONF = HERE / "containers.conf"
SERVICE_DIR_PREFIX = "jhts-podman-"
DOCKER_SOCK = "/var/run/docker.sock"


def _answers(url: str, timeout: float = 5.0) -> tuple[bool, str]:
    try:
        client = docker.DockerClient(base_url=url, timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means "does not answer"
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


# --------------------------------------------------------------------------- podman


def _static_binary(path: str | None) -> bool:
    if not path or not os.path.isfile(path):
        return False
    with open(path, "rb") as fh:
        head = fh.read(8192)
    return head.startswith(b"\x7fELF") and b"ld-linux" not in head and b"ld-musl" not in head


def _probe_podman(env: dict) -> tuple[bool, str]:
    """Start a trivial container with these settings; no image needed.

    The rootfs is a temp dir holding catatonit, a static binary that ships with Podman.
    """
    catatonit = shutil.which("catatonit") or "/usr/libexec/podman/catatonit"
    catatonit = os.path.realpath(catatonit)
    if not _static_binary(catatonit):
        return False, "no static catatonit to probe with"
    with tempfile.TemporaryDirectory(prefix="jhts-probe-") as rootfs:
        shutil.copy2(catatonit, os.path.join(rootfs, "catatonit"))
        try:
            proc = subprocess.run(
                [
                    "podman",
                    "run",
                    "--rm",
                    "--network=none",
                    "--rootfs",
                    rootfs,
                    "/catatonit",
                    "--version",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        except subprocess.TimeoutExpired:
            return False, "podman run timed out after 60 s"
    return proc.returncode == 0, (proc.stderr or proc.stdout).strip()


def _short(why: str) -> str:
    """The gist of an OCI runtime error, e.g. "error setting rlimit type 7: ..."."""
    last = why.strip().splitlines()[-1] if why.strip() else "?"
    return last if len(last) <= 90 else "..." + last[-87:]


def podman_env() -> tuple[dict, str]:
    """Environment for podman: its defaults if they work, else the project's containers.conf.

    Returns (env, reason). A CONTAINERS_CONF set by the user is respected as is;
    HUB_CONTAINERS_CONF=project|default forces the choice without probing.
    """
    env = dict(os.environ)
    if env.get("CONTAINERS_CONF"):
        return env, f"CONTAINERS_CONF={env['CONTAINERS_CONF']} (from the environment)"
    forced = env.get("HUB_CONTAINERS_CONF", "").lower()
    project = {**env, "CONTAINERS_CONF": str(PROJECT_CONTAINERS_CONF)}
    if forced == "project":
        return project, "project containers.conf (HUB_CONTAINERS_CONF=project)"
    if forced == "default":
        return env, "podman defaults (HUB_CONTAINERS_CONF=default)"
    ok, why = _probe_podman(env)
    if ok:
        return env, "podman defaults (probe passed)"
    ok2, why2 = _probe_podman(project)
    if ok2:
        return project, f"project containers.conf; defaults fail: {_short(why)}"
    if why == "no static catatonit to probe with":
        # Cannot probe: the project's settings are the ones known to work on hosts
        # without systemd; use them.
        return project, "project containers.conf (no probe possible)"
    raise EngineUnavailable(
        "podman cannot start a container, neither with its defaults nor with "
        f"{PROJECT_CONTAINERS_CONF}:\n  defaults: {why}\n  project:  {why2}"
    )


class PodmanService:
    """``podman system service`` on a socket in a temp dir owned by this process."""

    def __init__(self):
        if shutil.which("podman") is None:
            raise EngineUnavailable(
                "no container engine: DOCKER_HOST is not set, /var/run/docker.sock does not "
                "answer, and podman is not installed.\n"
                "Install one, e.g. on Debian/Ubuntu: apt-get install -y podman runc debootstrap"
            )
        self.env, self.conf_reason = podman_env()
        self.dir = Path(tempfile.mkdtemp(prefix=SERVICE_DIR_PREFIX))
        self.socket = self.dir / "podman.sock"
        self.url = f"unix://{self.socket}"
        self.log_path = self.dir / "service.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        log = open(self.log_path, "wb")
        # Own session: a Ctrl-C in the terminal must not kill the service before the
        # harness has removed its containers through it.
        self.proc = subprocess.Popen(
            ["podman", "system", "service", "--time=0", self.url],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        (self.dir / "owner.json").write_text(
            json.dumps(
                {"owner_pid": os.getpid(), "service_pid": self.proc.pid, "socket": str(self.socket)}
            )
        )
        deadline = time.monotonic() + timeout
        why = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if self.socket.exists():
                ok, why = _answers(self.url, timeout=2)
                if ok:
                    return
            time.sleep(0.05)
        out = self.log_path.read_text(errors="replace")[-2000:]
        self.stop()
        raise EngineUnavailable(
            f"podman system service did not answer on {self.url} within {timeout:.0f} s "
            f"(exit code {self.proc.returncode if self.proc else '?'}; {why}).\n"
            f"Its output:\n{out}"
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None


def sweep_stale_services() -> list[int]:
    """Stop Podman services left by harness processes that died (SIGKILL). Returns pids."""
    killed = []
    for d in Path(tempfile.gettempdir()).glob(SERVICE_DIR_PREFIX + "*"):
        try:
            info = json.loads((d / "owner.json").read_text())
        except (OSError, ValueError):
            continue
        if pid_alive(int(info["owner_pid"])):
            continue
        pid = int(info["service_pid"])
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            cmdline = ""
        if info["socket"] in cmdline:  # still that very service, not a reused pid
            try:
                os.kill(pid, signal.SIGTERM)
                killed.append(pid)
            except ProcessLookupError:
                pass
        shutil.rmtree(d, ignore_errors=True)
    return killed


# --------------------------------------------------------------------------- engine

_live: list[Engine] = []
_hooks_installed = False
_lock = threading.Lock()


def _close_all() -> None:
    for engine in list(_live):
        try:
            engine.close()
        except Exception:
            pass


def _on_signal(signum, frame):
    _close_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_close_all)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                signal.signal(sig, _on_signal)


def new_run_id() -> str:
    return f"{os.getpid()}-{secrets.token_hex(3)}"


class Engine:
    """A Docker-API engine plus everything this process created on it."""

    def __init__(
        self,
        url: str,
        kind: str,
        source: str,
        service: PodmanService | None = None,
        run_id: str | None = None,
    ):
        self.url = url
        self.source = source
        self.service = service
        self.run_id = run_id or new_run_id()
        self.client = docker.DockerClient(base_url=url, timeout=180)
        self._sweeper: concurrent.futures.ThreadPoolExecutor | None = None
        self._sweeper_client = None
        self._sweeps: list[concurrent.futures.Future] = []
        self.kind = kind
        self.closed = False
        self.notes: list[str] = []
        info = self.client.version()
        self.api_version = info.get("ApiVersion")
        self.version = info.get("Version")
        arch = (info.get("Arch") or "").lower()
        self.arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(arch, arch or "x86_64")

    # -- discovery

    @classmethod
    def connect(cls, force: str | None = None, run_id: str | None = None) -> Engine:
        force = (force or os.environ.get("HUB_ENGINE") or "auto").lower()
        if force not in ("auto", "docker", "podman"):
            raise EngineUnavailable(f"HUB_ENGINE={force!r}: expected auto, docker or podman")
        tried = []
        if force in ("auto", "docker"):
            host = os.environ.get("DOCKER_HOST")
            if host:
                ok, why = _answers(host)
                if not ok:
                    raise EngineUnavailable(f"DOCKER_HOST={host} does not answer: {why}")
                return cls._attach(host, "DOCKER_HOST", run_id)
            ok, why = _answers(f"unix://{DOCKER_SOCK}")
            if ok:
                return cls._attach(f"unix://{DOCKER_SOCK}", DOCKER_SOCK, run_id)
            tried.append(f"{DOCKER_SOCK}: {why}")
            if force == "docker":
                raise EngineUnavailable(
                    "HUB_ENGINE=docker but no Docker engine answers: DOCKER_HOST is not set and "
                    + "; ".join(tried)
                )
        service = PodmanService()
        service.start()
        try:
            engine = cls(
                service.url, "podman", f"podman service ({service.conf_reason})", service, run_id
            )
        except Exception:
            service.stop()
            raise
        engine._register()
        return engine

    @classmethod
    def _attach(cls, url: str, source: str, run_id: str | None) -> Engine:
        probe = docker.DockerClient(base_url=url, timeout=10)
        try:
            names = " ".join(c.get("Name", "") for c in probe.version().get("Components", []))
        finally:
            probe.close()
        kind = "podman" if "podman" in names.lower() else "docker"
        engine = cls(url, kind, source, None, run_id)
        engine._register()
        return engine

    def _register(self) -> None:
        with _lock:
            _live.append(self)
            _install_hooks()
        try:
            self.sweep_stale()
        except Exception as exc:  # never fail a run because of an old run's leftovers
            self.notes.append(f"stale sweep failed: {exc}")

    # -- facts

    @property
    def socket_path(self) -> str | None:
        """The engine's unix socket on the host (mounted into hubs that use DockerSpawner)."""
        return self.url[len("unix://") :] if self.url.startswith("unix://") else None

    @property
    def env(self) -> dict:
        """Environment for a ``docker`` CLI talking to this engine."""
        return {**os.environ, "DOCKER_HOST": self.url}

    def labels(self, role: str, **extra: str) -> dict:
        return {
            LABEL_RUN: self.run_id,
            LABEL_PID: str(os.getpid()),
            LABEL_HOST: socket.gethostname(),
            LABEL_ROLE: role,
            **{f"{LABEL}.{k}": v for k, v in extra.items()},
        }

    def describe(self) -> str:
        return (
            f"{self.kind} {self.version} (API {self.api_version}) at {self.url} via {self.source}"
        )

    # -- docker CLI

    def docker(
        self, *args: str, timeout: float = 60, check: bool = False
    ) -> subprocess.CompletedProcess:
        """Run the ``docker`` CLI against this engine (e.g. ``docker rm -f jupyter-you``)."""
        exe = shutil.which("docker")
        if exe is None:
            raise HarnessError("the docker CLI is not installed (it is only a client here)")
        proc = subprocess.run(
            [exe, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and proc.returncode != 0:
            raise HarnessError(f"docker {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc

    # -- networks

    def create_network(self, name: str, labels: dict):
        """A bridge network with its own /24 from SUBNET_POOL."""
        used = []
        for net in self.client.api.networks():
            for cfg in (net.get("IPAM") or {}).get("Config") or []:
                try:
                    used.append(ipaddress.ip_network(cfg.get("Subnet", ""), strict=False))
                except ValueError:
                    pass
        candidates = list(SUBNET_POOL.subnets(new_prefix=24))
        start = random.randrange(len(candidates))
        last = None
        for subnet in candidates[start:] + candidates[:start]:
            if any(subnet.overlaps(u) for u in used):
                continue
            hosts = subnet.hosts()
            gateway = str(next(hosts))
            ipam = docker.types.IPAMConfig(
                pool_configs=[docker.types.IPAMPool(subnet=str(subnet), gateway=gateway)]
            )
            try:
                return self.client.networks.create(name, driver="bridge", ipam=ipam, labels=labels)
            except docker.errors.APIError as exc:  # raced with another run: next subnet
                last = exc
                if "exist" in str(exc).lower() and name in str(exc):
                    raise
                continue
        raise HarnessError(f"no free /24 left in {SUBNET_POOL} for network {name}: {last}")

    # -- cleanup

    def leftovers(self, run_id: str | None = None) -> dict[str, list[str]]:
        """Containers, networks and volumes of a run (default: this one) still present."""
        flt = {"label": f"{LABEL_RUN}={run_id or self.run_id}"}
        return {
            "containers": [c.name for c in self.client.containers.list(all=True, filters=flt)],
            "networks": [n.name for n in self.client.networks.list(filters=flt)],
            "volumes": [v.name for v in self.client.volumes.list(filters=flt)],
        }

    def sweep_soon(self, label: str) -> None:
        """sweep(label=...) on a thread of its own, with a client of its own: a test's
        teardown need not wait for its containers to go (a third of a second a hub), and
        the next test starts meanwhile. close() waits for every one, then sweeps the run."""
        if self._sweeper is None:
            self._sweeper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sweep")
            self._sweeper_client = docker.DockerClient(base_url=self.url, timeout=180)
        client = self._sweeper_client
        self._sweeps.append(self._sweeper.submit(self.sweep, label=label, client=client))

    def _finish_sweeps(self) -> None:
        for future in self._sweeps:
            try:
                future.result(timeout=300)
            except Exception as exc:  # close() sweeps the whole run again after this
                self.notes.append(f"a background sweep failed: {exc}")
        self._sweeps = []
        if self._sweeper is not None:
            self._sweeper.shutdown()
            self._sweeper_client.close()
            self._sweeper = None

    def sweep(self, run_id: str | None = None, label: str | None = None, client=None) -> None:
        """Remove a run's user containers, then hubs and helpers, then networks, then volumes."""
        client = client or self.client
        flt = {"label": label or f"{LABEL_RUN}={run_id or self.run_id}"}
        containers = client.containers.list(all=True, filters=flt)
        hubs_last = sorted(containers, key=lambda c: c.labels.get(LABEL_ROLE) == "hub")
        for c in hubs_last:
            _remove_container(c)
        for net in client.networks.list(filters=flt):
            # Whatever else joined the network (a user container whose labels a
            # fragment replaced) goes too, or the network cannot be removed.
            for c in client.containers.list(all=True, filters={"network": net.name}):
                _remove_container(c)
            try:
                net.remove()
            except docker.errors.NotFound:
                pass
        for vol in client.volumes.list(filters=flt):
            try:
                vol.remove(force=True)
            except docker.errors.NotFound:
                pass

    def sweep_stale(self) -> list[str]:
        """Remove resources of earlier runs on this host whose process is gone."""
        host = socket.gethostname()
        runs = set()
        for c in self.client.containers.list(all=True, filters={"label": LABEL_RUN}):
            runs.add((c.labels.get(LABEL_RUN), c.labels.get(LABEL_PID), c.labels.get(LABEL_HOST)))
        for n in self.client.networks.list(filters={"label": LABEL_RUN}):
            lab = n.attrs.get("Labels") or {}
            runs.add((lab.get(LABEL_RUN), lab.get(LABEL_PID), lab.get(LABEL_HOST)))
        swept = []
        for run, pid, h in runs:
            if run and run != self.run_id and h == host and pid and not pid_alive(int(pid)):
                self.sweep(run)
                swept.append(run)
        if swept:
            self.notes.append(f"swept leftovers of dead runs: {', '.join(swept)}")
        if self.kind == "podman":
            sweep_stale_services()
        return swept

    def close(self) -> dict[str, list[str]]:
        """Remove everything of this run and stop the Podman service.

        Returns what was still there after the sweep (empty lists when all went)."""
        if self.closed:
            return {}
        self.closed = True
        left: dict[str, list[str]] = {}
        try:
            self._finish_sweeps()
            self.sweep()
            left = self.leftovers()
        finally:
            try:
                self.client.close()
            finally:
                if self.service is not None:
                    self.service.stop()
                with _lock:
                    if self in _live:
                        _live.remove(self)
        if self.service is not None and self.service.proc.poll() is None:
            left["processes"] = [f"podman system service (pid {self.service.pid})"]
        return left

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _remove_container(c) -> None:
    try:
        c.remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if "no such" in str(exc).lower() or "removal" in str(exc).lower():
            return
        raise
