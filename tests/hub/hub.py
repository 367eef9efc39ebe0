"""A real JupyterHub in a container, configured from config fragment files.

    hub = Hub(engine, image, ["snippets/networking/x/broken.py"], spawner="docker")
    hub.start()                      # waits until /hub/api answers 200 through the proxy
    ...
    hub.hub_log(), hub.proxy_log(), hub.singleuser_log("you")
    hub.remove()                     # saves logs to the artefact dir, removes everything

The hub's ``jupyterhub_config.py`` (in /srv/jupyterhub, the working directory) is:

1. the harness **prelude**: defaults a fragment may override (spawner and its wiring,
   short timeouts so failure scenarios cost seconds, single-user log files);
2. the fragments, concatenated in order;
3. the harness **postlude**: only what the harness needs to drive and observe the hub
   (DummyAuthenticator unless ``authenticator=None``; a ``harness-driver`` service token
   merged into ``services``/``load_roles``; labels on DockerSpawner's containers).

Network rule: the host reaches the hub only through 127.0.0.1:<published port>; the
hub and DockerSpawner's containers reach each other by name on the hub's own network
(the hub is ``jupyterhub`` there).
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import json
import re
import secrets
import shlex
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import docker.errors
import requests

from .engine import LABEL_HUB, Engine
from .errors import HarnessError, HubExited, HubNotReady
from .image import ImageInfo
from .util import HERE, Slots, free_port, strip_ansi, tail

RUNTIME = HERE / "runtime"
HUB_DIR = "/srv/jupyterhub"
HARNESS_DIR = "/opt/harness"
SINGLEUSER_LOG_DIR = "/var/log/singleuser"
CHP = "/opt/chp/node_modules/.bin/configurable-http-proxy"
PY = "/usr/bin/python3"  # the image's system python: for helpers, independent of PATH
HUB_ALIAS = "jupyterhub"  # the hub's name on its network
DRIVER = "harness-driver"
READY = re.compile(r"JupyterHub is now running")

# Short timeouts: a failing spawn costs seconds, not the defaults' 30-60 s.
# A fragment may set its own (e.g. a documented fix that raises http_timeout).
DEFAULT_TIMEOUTS = {"http_timeout": 10, "start_timeout": 20, "poll_interval": 2}

SPAWNERS = {
    "local": "localprocess",  # LocalProcessSpawner: users exist in the image (you, alice...)
    "simple": "simple",  # SimpleLocalProcessSpawner: runs as root, hence --allow-root
    "docker": "docker",  # DockerSpawner: one container per user on the hub's network
    None: None,  # leave spawner_class to the fragments
}

_boot_slots = None


def _hub_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if "[ConfigProxy]" not in ln and not ln.startswith("[harness]")]


def _proxy_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if "[ConfigProxy]" in ln]


_LOG_FILTERS = {"all": list, "hub": _hub_lines, "proxy": _proxy_lines}


def _container_log(container) -> str:
    return strip_ansi(container.logs(stdout=True, stderr=True).decode("utf-8", "replace"))


def boot_slots() -> Slots:
    """At most two hubs booting at once on this machine (2 cores)."""
    global _boot_slots
    if _boot_slots is None:
        _boot_slots = Slots("hub-boot", 2)
    return _boot_slots


@dataclass
class ExecResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def check(self) -> ExecResult:
        if self.exit_code != 0:
            raise HarnessError(f"command failed ({self.exit_code}):\n{self.output}")
        return self


@dataclass(frozen=True)
class Mark:
    """How much every place had printed at one moment (Hub.mark(), and each start):
    ``hub.observed(since=mark)`` and ``hub.wait_for_log(..., since=mark)`` see only what
    came after."""

    log_lines: int  # lines of the hub container's output (hub and proxy)
    singleuser: dict  # characters of each single-user log, by Hub._singleuser_texts key
    shell: int  # entries of hub.shell


class StrayProxy:
    """A configurable-http-proxy started by Hub.start_stray_proxy in the hub's container."""

    def __init__(self, hub: Hub, log: str, pid_file: str):
        self.hub, self.log, self.pid_file = hub, log, pid_file
        self._pid: int | None = None

    @property
    def pid(self) -> int:
        """Its pid in the hub container (known once it started: now, or at the hub's next
        start when it was queued). Waits up to 15 s for its pid file."""
        if self._pid is None:
            if self.hub.container is None:
                raise HarnessError("the stray proxy starts with the hub: call start() first")
            deadline = time.monotonic() + 15
            while True:
                text = (self.hub.read_file(self.pid_file) or "").strip()
                if text:
                    self._pid = int(text)
                    break
                if time.monotonic() > deadline:
                    raise HarnessError(f"the stray proxy never wrote {self.pid_file}")
                time.sleep(0.1)
        return self._pid

    def read_log(self) -> str:
        """Its own output (a leftover's refusals are logged there, not in the hub's log)."""
        if self.hub.container is None:
            return ""
        return self.hub.read_file(self.log) or ""


class Hub:
    """One hub container (plus its network and its users' containers)."""

    def __init__(
        self,
        engine: Engine,
        image: ImageInfo | str,
        fragments=(),
        *,
        name: str = "hub",
        spawner: str | None = "local",
        config: str = "",
        env: dict | None = None,
        args=(),
        authenticator: str | None = "dummy",
        timeouts: dict | None = None,
        fast_imports: bool = True,
        docker_hub_connect: bool = True,
        mount_engine_socket: bool | None = None,
        public_port: int = 8000,
        base_url: str = "/",
        artefacts: Path | None = None,
    ):
        """
        fragments: paths of jupyterhub_config.py fragments, concatenated in order.
        config: more config text, appended after the fragments (for tests of the harness).
        spawner: "local" | "simple" | "docker" | None (fragments choose).
        env: extra environment of the hub container. args: extra ``jupyterhub`` arguments.
        authenticator: forced last ("dummy"), or None to leave it to the fragments.
        timeouts: Spawner timeouts set in the prelude (None: DEFAULT_TIMEOUTS; {}: none).
        fast_imports: PYTHONPATH=/opt/fastpath (see fastpath/), hub and servers.
        docker_hub_connect: with spawner="docker", listen on all interfaces and give the
            servers ``hub_connect_ip = "jupyterhub"``; False leaves the hub on 127.0.0.1.
        public_port: the container port published on 127.0.0.1 (JupyterHub.port).
        """
        if spawner not in SPAWNERS:
            raise ValueError(f"spawner={spawner!r}: expected one of {list(SPAWNERS)}")
        self.engine = engine
        self.client = engine.client
        self.image = image.tag if isinstance(image, ImageInfo) else image
        self.jupyterhub_version = image.jupyterhub if isinstance(image, ImageInfo) else None
        self.fragments = [Path(f) for f in fragments]
        for f in self.fragments:
            if not f.is_file():
                raise HarnessError(f"config fragment not found: {f}")
        self.extra_config = config
        self.spawner = spawner
        self.env = dict(env or {})
        self.args = list(args)
        self.authenticator = authenticator
        self.timeouts = DEFAULT_TIMEOUTS if timeouts is None else dict(timeouts)
        self.fast_imports = fast_imports
        self.docker_hub_connect = docker_hub_connect
        self.mount_engine_socket = (
            spawner == "docker" if mount_engine_socket is None else mount_engine_socket
        )
        self.public_port = public_port
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.id = secrets.token_hex(3)
        self.name = name
        self.container_name = f"jhts-{self.id}-{name}"
        self.network_name = f"jhts-{self.id}-net"
        self.user_prefix = f"jupyter-{self.id}"  # DockerSpawner.prefix: unique per hub
        self.driver_token = secrets.token_hex(32)
        self.artefacts = Path(artefacts) if artefacts else None
        self.container = None
        self.network = None
        self.host_port: int | None = None
        self.hub_ip: str | None = None  # the hub's address on its network (fixed)
        self._prestart: list[str] = []
        self._hold: str | None = None  # key of the latest hold_start()
        self._run_starts: list[int] = []  # log line count at each start
        self._start_marks: list[Mark] = []  # everything's length at each start
        self._start_times: list[float] = []
        self._http = requests.Session()
        self.ready_seconds: float | None = None
        self.removed = False
        self.shell: list[str] = []  # transcript of exec()/docker() commands, for observed()

    # ------------------------------------------------------------------ config

    def _prelude(self) -> str:
        lines = [
            "# ---- harness prelude: defaults; the fragments below may override them ----",
            "c = get_config()  # noqa",
        ]
        for key, value in self.timeouts.items():
            lines.append(f"c.Spawner.{key} = {value!r}")
        kind = SPAWNERS[self.spawner]
        if kind:
            lines.append(f"c.JupyterHub.spawner_class = {kind!r}")
        if self.spawner in ("local", "simple"):
            # Each server's output in its own file (hub.singleuser_log); pid unchanged.
            lines.append(
                "c.Spawner.cmd = ['/bin/sh', '-c', "
                f'\'exec "$@" >>"{SINGLEUSER_LOG_DIR}/$JUPYTERHUB_USER.log" 2>&1\', '
                "'sh', 'jupyterhub-singleuser']"
            )
        if self.spawner == "simple":
            lines.append("c.Spawner.args = ['--allow-root']  # it runs as the hub's user: root")
        if self.spawner == "docker":
            lines += [
                f"c.DockerSpawner.image = {self.image!r}",
                f"c.DockerSpawner.network_name = {self.network_name!r}",
                "c.DockerSpawner.use_internal_ip = True",
                "c.DockerSpawner.pull_policy = 'never'",
                f"c.DockerSpawner.prefix = {self.user_prefix!r}",
                "c.DockerSpawner.cmd = ['jupyterhub-singleuser']",
                "c.DockerSpawner.notebook_dir = '/home/jovyan'",
                "c.DockerSpawner.extra_create_kwargs = {'user': '1000'}  # jovyan",
            ]
            if self.docker_hub_connect:
                lines += [
                    "c.JupyterHub.hub_ip = '0.0.0.0'",
                    f"c.JupyterHub.hub_connect_ip = {HUB_ALIAS!r}",
                ]
        return "\n".join(lines) + "\n"

    def _postlude(self) -> str:
        labels = self.engine.labels("singleuser", hub=self.id)
        scopes = ["admin:users", "admin:servers", "list:users", "read:users", "tokens", "proxy"]
        out = [
            "# ---- harness postlude: what the harness needs to drive and observe this hub ----",
            "def _harness_postlude(c):",
            "    import inspect",
            "    def extend(section, key, item):",
            "        cur = section.get(key)",
            "        if cur is None:",
            "            section[key] = [item]",
            "        elif isinstance(cur, (list, tuple)):",
            "            section[key] = [x for x in cur if x.get('name') != item['name']] + [item]",
            "        else:  # a LazyConfigValue from .append()",
            "            cur.append(item)",
            f"    extend(c.JupyterHub, 'services', {{'name': {DRIVER!r}, "
            f"'api_token': {self.driver_token!r}}})",
            f"    extend(c.JupyterHub, 'load_roles', {{'name': {DRIVER!r}, "
            f"'services': [{DRIVER!r}], 'scopes': {scopes!r}}})",
        ]
        if self.authenticator:
            out.append(f"    c.JupyterHub.authenticator_class = {self.authenticator!r}")
        if self.spawner not in ("docker", None):
            out += ["_harness_postlude(c)", "del _harness_postlude", ""]
            return "\n".join(out)
        # Labels on DockerSpawner's containers, so cleanup finds them whatever a fragment set.
        out += [
            f"    labels = {labels!r}",
            "    ek = c.DockerSpawner.get('extra_create_kwargs')",
            "    if ek is None or isinstance(ek, dict):",
            "        ek = dict(ek or {})",
            "        ek['labels'] = {**ek.get('labels', {}), **labels}",
            "        c.DockerSpawner.extra_create_kwargs = ek",
            "    elif callable(ek):",
            "        async def with_labels(spawner, _f=ek):",
            "            r = _f(spawner)",
            "            if inspect.isawaitable(r):",
            "                r = await r",
            "            r = dict(r or {})",
            "            r['labels'] = {**r.get('labels', {}), **labels}",
            "            return r",
            "        c.DockerSpawner.extra_create_kwargs = with_labels",
            "    else:  # a LazyConfigValue from .update()",
            "        ek.update({'labels': labels})",
        ]
        if self.fast_imports:
            # LocalProcessSpawner passes PYTHONPATH on (env_keep); containers need it set.
            out += [
                "    env = c.DockerSpawner.get('environment')",
                "    if env is None or (isinstance(env, dict) and 'PYTHONPATH' not in env):",
                "        env = {**(env or {}), 'PYTHONPATH': '/opt/fastpath'}",
                "        c.DockerSpawner.environment = env",
            ]
        out += ["_harness_postlude(c)", "del _harness_postlude", ""]
        return "\n".join(out)

    def config_text(self) -> str:
        parts = [self._prelude()]
        for f in self.fragments:
            parts.append(f"# ---- fragment: {f} ----\n{f.read_text()}\n")
        if self.extra_config:
            parts.append(f"# ---- inline config ----\n{self.extra_config}\n")
        parts.append(self._postlude())
        return "\n".join(parts)

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """The hub's public URL on the host (published on 127.0.0.1)."""
        if self.host_port is None:
            raise HarnessError("the hub has no published port yet: call start() first")
        return f"http://127.0.0.1:{self.host_port}{self.base_url}"

    def _create(self) -> None:
        if self.network is None:
            self.network = self.engine.create_network(
                self.network_name, self.engine.labels("network", hub=self.id)
            )
        self.host_port = free_port()
        env = {**self.env}
        if self.fast_imports:
            env.setdefault("PYTHONPATH", "/opt/fastpath")
        volumes = {}
        if self.mount_engine_socket:
            sock = self.engine.socket_path
            if not sock:
                raise HarnessError(
                    f"DockerSpawner needs the engine's unix socket mounted into the hub, "
                    f"but the engine is at {self.engine.url}"
                )
            volumes[sock] = {"bind": "/var/run/docker.sock", "mode": "rw"}
        # Fixed IP and MAC (Docker derives its MACs from the IP): after a restart the
        # users' servers, their DNS and ARP caches, find the hub where it was. With
        # Podman's random MACs a restarted hub would be unreachable for ~30 s.
        subnet = self.network.attrs["IPAM"]["Config"][0]["Subnet"]
        ip = ipaddress.ip_address(ipaddress.ip_network(subnet)[2])
        self.hub_ip = str(ip)
        mac = "02:42:" + ":".join(f"{b:02x}" for b in ip.packed)
        endpoint = self.client.api.create_endpoint_config(
            aliases=[HUB_ALIAS], ipv4_address=self.hub_ip, mac_address=mac
        )
        self.container = self.client.containers.create(
            self.image,
            command=["/bin/sh", f"{HARNESS_DIR}/entrypoint.sh", "jupyterhub", *self.args],
            name=self.container_name,
            labels=self.engine.labels("hub", hub=self.id),
            environment=env,
            ports={f"{self.public_port}/tcp": ("127.0.0.1", self.host_port)},
            network=self.network_name,
            networking_config={self.network_name: endpoint},
            volumes=volumes,
        )
        files = {
            f"{HARNESS_DIR.lstrip('/')}/{p.name}": p.read_bytes()
            for p in RUNTIME.iterdir()
            if p.is_file()
        }
        files[f"{HUB_DIR.lstrip('/')}/jupyterhub_config.py"] = self.config_text().encode()
        self._put_files(files)

    def _put_files(self, files: dict[str, bytes], mode: int = 0o644) -> None:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            dirs = set()
            for path in files:
                parts = path.split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    dirs.add("/".join(parts[:i]))
            for d in sorted(dirs):
                info = tarfile.TarInfo(d)
                info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, time.time()
                tar.addfile(info)
            for path, data in files.items():
                info = tarfile.TarInfo(path)
                info.size, info.mode, info.mtime = len(data), mode, time.time()
                tar.addfile(info, io.BytesIO(data))
        if not self.container.put_archive("/", buf.getvalue()):
            raise HarnessError(f"copying files into {self.container_name} failed")

    def start(self, wait: str | None = "http", timeout: float = 60.0) -> Hub:
        """Start (or start again) the hub container.

        wait: "http" (the hub logged "JupyterHub is now running" and GET /hub/api then
        answers 200 through the proxy on the published port), "log" (the log line only,
        e.g. when the public port is squatted), or None (return at once; use
        wait_exit / wait_for_log). Raises HubExited as soon as the container exits,
        HubNotReady after ``timeout`` seconds.
        """
        if self.removed:
            raise HarnessError(f"hub {self.name} was removed")
        if self.container is not None and self.running:
            raise HarnessError(f"hub {self.name} is already running: use restart()")
        for attempt in range(3):
            if self.container is None:
                self._create()
            if self._prestart:
                script = "set -e\n" + "\n".join(self._prestart) + "\n"
                self._put_files({f"{HARNESS_DIR.lstrip('/')}/prestart.sh": script.encode()})
                self._prestart = []
            slots = boot_slots()
            slots.acquire()
            try:
                mark = self.mark()
                self._start_marks.append(mark)
                self._run_starts.append(mark.log_lines)
                self._start_times.append(time.monotonic())
                try:
                    self.container.start()
                except docker.errors.APIError as exc:
                    self._start_marks.pop()
                    self._run_starts.pop()
                    self._start_times.pop()
                    first_start = not self._run_starts
                    if "address already in use" in str(exc).lower() and first_start and attempt < 2:
                        # lost the race for the host port: another one (only before the
                        # first start; later the container holds state worth keeping)
                        self.container.remove(force=True)
                        self.container = None
                        continue
                    raise HarnessError(f"starting {self.container_name} failed: {exc}") from exc
                if wait:
                    self.wait_ready(wait, timeout)
            finally:
                slots.release()
            return self
        raise AssertionError("unreachable")

    def wait_ready(self, mode: str = "http", timeout: float = 60.0) -> float:
        """Wait for readiness (see start). Returns seconds since the container started."""
        t0 = self._start_times[-1]
        deadline = t0 + timeout
        probe = f"{self.url}hub/api"
        while True:
            state = self._state()
            if state.get("Status") in ("exited", "dead", "stopped") or (
                state and not state.get("Running", True)
            ):
                self._fail_exited(state)
            if mode in ("http", "log") and READY.search(self.log(run=-1)):
                if mode == "log":
                    break
                # Only once the hub says it runs: earlier probes would put 404s and
                # "Failed to get custom error page" lines into the proxy's log.
                try:
                    if self._http.get(probe, timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
            elif mode not in ("http", "log"):
                raise ValueError(f"wait={mode!r}: expected 'http', 'log' or None")
            if time.monotonic() > deadline:
                self._fail_not_ready(mode, timeout)
            time.sleep(0.1)
        self.ready_seconds = time.monotonic() - t0
        return self.ready_seconds

    def _state(self) -> dict:
        try:
            self.container.reload()
        except docker.errors.NotFound:
            return {"Status": "dead", "Running": False, "ExitCode": None}
        return self.container.attrs.get("State", {})

    @property
    def running(self) -> bool:
        return self.container is not None and bool(self._state().get("Running"))

    def exit_code(self) -> int | None:
        """The container's exit code, or None while it runs."""
        state = self._state()
        return None if state.get("Running") else state.get("ExitCode")

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the hub to exit by itself (failure scenarios). Returns its exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.exit_code()
            if code is not None:
                return code
            time.sleep(0.1)
        where = self.save_artefacts()
        raise HubNotReady(
            f"hub {self.name} was expected to exit but still runs after {timeout:.0f} s.\n"
            f"Last log lines:\n{tail(self.log(run=-1))}\nLogs saved in {where}"
        )

    def wait_for_log(
        self,
        pattern: str | re.Pattern,
        timeout: float = 30.0,
        source: str = "all",
        run: int | None = -1,
        *,
        since: Mark | None = None,
        count: int = 1,
    ) -> re.Match:
        """Wait until output matches ``count`` times; returns the count-th match. Fails
        early if the hub exits.

        source: "all" | "hub" | "proxy" (run as in log()), or "singleuser:<user>".
        since: a Mark: only what came after it (instead of run).
        """
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        if source.startswith("singleuser:"):
            user = source.split(":", 1)[1]

            def get():
                if since is None:
                    return self.singleuser_log(user)
                return self.observed(users=[user], since=since)["singleuser-log"]

            watch_hub = False  # a user's container may outlive the hub
        else:
            if source not in _LOG_FILTERS:
                raise ValueError(f"source={source!r}")

            def get():
                start = None if since is None else since.log_lines
                lines = self._lines(run) if since is None else self._log_lines()[start:]
                return "\n".join(_LOG_FILTERS[source](lines))

            watch_hub = True

        def found():
            matches = list(rx.finditer(get()))
            return matches[count - 1] if len(matches) >= count else None

        deadline = time.monotonic() + timeout
        while True:
            m = found()
            if m:
                return m
            exited = watch_hub and self.exit_code() is not None
            if exited or time.monotonic() > deadline:
                m = found()
                if m:
                    return m
                where = self.save_artefacts()
                why = "the hub exited" if exited else f"not within {timeout:.0f} s"
                what = "no line" if count == 1 else f"fewer than {count} lines"
                after = " after the mark" if since is not None else ""
                raise HubNotReady(
                    f"{what} matching {rx.pattern!r} in the {source} log of hub {self.name}"
                    f"{after} ({why}).\nLast lines:\n{tail(get())}\nLogs saved in {where}"
                )
            time.sleep(0.1)

    def stop(self, timeout: int = 10) -> None:
        """SIGTERM the hub (what ``docker stop`` does); its container and files stay."""
        if self.container is not None and self.running:
            self.container.stop(timeout=timeout)

    def restart(self, wait: str | None = "http", timeout: float = 60.0) -> Hub:
        self.stop()
        return self.start(wait=wait, timeout=timeout)

    def remove(self) -> None:
        """Save logs, then remove the users' containers, the hub, and its network."""
        if self.removed:
            return
        self.removed = True
        if self.container is not None:
            try:
                self.save_artefacts()
            except Exception:
                pass
        self.engine.sweep(label=f"{LABEL_HUB}={self.id}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    # ------------------------------------------------------------------ failures

    def _fragment_hints(self) -> str:
        hints = []
        for f in self.fragments:
            try:
                compile(f.read_text(), str(f), "exec")
            except SyntaxError as exc:
                hints.append(f"  {f}:{exc.lineno}: SyntaxError: {exc.msg}")
        if self.extra_config:
            try:
                compile(self.extra_config, "<inline config>", "exec")
            except SyntaxError as exc:
                hints.append(f"  inline config:{exc.lineno}: SyntaxError: {exc.msg}")
        return ("\nConfig that does not compile:\n" + "\n".join(hints)) if hints else ""

    def _fail_exited(self, state: dict):
        elapsed = time.monotonic() - self._start_times[-1]
        where = self.save_artefacts()
        raise HubExited(
            f"hub {self.name} ({self.container_name}) exited with code {state.get('ExitCode')} "
            f"{elapsed:.1f} s after start, before it was ready.{self._fragment_hints()}\n"
            f"Last log lines:\n{tail(self.log(run=-1))}\nLogs saved in {where}"
        )

    def _fail_not_ready(self, mode: str, timeout: float):
        where = self.save_artefacts()
        what = (
            f"GET {self.url}hub/api never answered 200 (a fragment that changes "
            "JupyterHub.port, bind_url or base_url needs Hub(public_port=, base_url=))"
            if mode == "http"
            else "no 'JupyterHub is now running' line"
        )
        raise HubNotReady(
            f"hub {self.name} ({self.container_name}) still runs but is not ready after "
            f"{timeout:.0f} s: {what}.\nLast log lines:\n{tail(self.log(run=-1))}\n"
            f"Logs saved in {where}"
        )

    def save_artefacts(self) -> Path | None:
        """Write logs, config and container state to the artefact dir; returns it."""
        if self.artefacts is None:
            return None
        d = self.artefacts
        d.mkdir(parents=True, exist_ok=True)
        (d / "jupyterhub_config.py").write_text(self.config_text())
        if self.container is None:
            return d
        try:
            (d / "hub-container.log").write_text(self.log())
            (d / "inspect.json").write_text(json.dumps(self.container.attrs, indent=1, default=str))
            for user, text in self.singleuser_logs().items():
                (d / f"singleuser-{user}.log").write_text(text)
        except docker.errors.APIError:
            pass
        return d

    # ------------------------------------------------------------------ logs

    def _log_lines(self) -> list[str]:
        if self.container is None:
            return []
        raw = self.container.logs(stdout=True, stderr=True)
        return strip_ansi(raw.decode("utf-8", errors="replace")).splitlines()

    def _lines(self, run: int | None) -> list[str]:
        lines = self._log_lines()
        if run is None or not self._run_starts:
            return lines
        starts = self._run_starts + [len(lines)]
        i = run if run >= 0 else len(self._run_starts) + run
        return lines[starts[i] : starts[i + 1]]

    def log(self, run: int | None = None) -> str:
        """Everything the container printed: hub, proxy and harness lines.

        run=None: all starts; run=-1: the latest start; run=0: the first; ...
        """
        return "\n".join(self._lines(run))

    def hub_log(self, run: int | None = None) -> str:
        """The hub's own log (configurable-http-proxy's lines removed)."""
        return "\n".join(_hub_lines(self._lines(run)))

    def proxy_log(self, run: int | None = None) -> str:
        """configurable-http-proxy's lines (it runs as the hub's child, same stream)."""
        return "\n".join(_proxy_lines(self._lines(run)))

    def singleuser_log(self, user: str) -> str:
        """The user's single-user server output (a file, or its container's log)."""
        if self.spawner == "docker" or (self.spawner is None and self.user_container(user)):
            c = self.user_container(user)
            return "" if c is None else _container_log(c)
        return self.read_file(f"{SINGLEUSER_LOG_DIR}/{user}.log") or ""

    def singleuser_logs(self) -> dict[str, str]:
        """Every single-user log: by user (log files), by container name (DockerSpawner)."""
        return {name: text for _, name, text in self._singleuser_sources()}

    def _singleuser_texts(self, users=None) -> dict[str, str]:
        """The single-user logs by a key a new container of the same name does not reuse
        ("file:<user>", "container:<id>"); a Mark's offsets refer to these keys."""
        return {key: text for key, _, text in self._singleuser_sources(users)}

    def _singleuser_sources(self, users=None) -> list[tuple[str, str, str]]:
        """(key, name, text) of all single-user logs, or of ``users``' as singleuser_log()
        picks them."""
        found = []
        if users is None:
            if self.container is not None:
                for name in self.list_dir(SINGLEUSER_LOG_DIR):
                    if name.endswith(".log"):
                        text = self.read_file(f"{SINGLEUSER_LOG_DIR}/{name}") or ""
                        found.append((f"file:{name[:-4]}", name[:-4], text))
            for c in self.user_containers():
                found.append((f"container:{c.id}", c.name, _container_log(c)))
            return found
        for user in users:
            if self.spawner == "docker" or (self.spawner is None and self.user_container(user)):
                c = self.user_container(user)
                if c is not None:
                    found.append((f"container:{c.id}", c.name, _container_log(c)))
            elif self.container is not None:
                text = self.read_file(f"{SINGLEUSER_LOG_DIR}/{user}.log") or ""
                found.append((f"file:{user}", user, text))
        return found

    # ------------------------------------------------------------------ files and commands

    def read_file(self, path: str, container=None) -> str | None:
        """A file from the hub container (running or stopped); None if absent."""
        target = container or self.container
        try:
            stream, _ = target.get_archive(path)
        except docker.errors.NotFound:
            return None
        data = b"".join(stream)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            member = tar.next()
            if member is None or not member.isfile():
                return None
            return tar.extractfile(member).read().decode("utf-8", "replace")

    def list_dir(self, path: str) -> list[str]:
        try:
            stream, _ = self.container.get_archive(path)
        except docker.errors.NotFound:
            return []
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
            return [
                m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name and m.isfile()
            ]

    def write_file(self, path: str, text: str, mode: int = 0o644) -> None:
        """Put a file into the hub container (running or not)."""
        if self.container is None:
            self._create()
        self._put_files({path.lstrip("/"): text.encode()}, mode)

    def exec(
        self,
        cmd: str | list[str],
        *,
        user: str | None = None,
        env: dict | None = None,
        timeout: float = 60,
        container=None,
        record: bool = True,
    ) -> ExecResult:
        """Run a command in the running hub container (or another container).

        A string runs with ``sh -c``. The command is killed after ``timeout`` seconds.
        Recorded in ``hub.shell`` (the "shell" of observed()) unless record=False.
        """
        target = container or self.container
        argv = ["sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
        argv = ["timeout", "-s", "KILL", str(max(1, int(timeout))), *argv]
        api = self.client.api
        exec_id = api.exec_create(target.id, argv, user=user or "", environment=env)
        out, err = api.exec_start(exec_id, demux=True)
        code = api.exec_inspect(exec_id).get("ExitCode")
        result = ExecResult(
            code if code is not None else -1,
            (out or b"").decode("utf-8", "replace"),
            (err or b"").decode("utf-8", "replace"),
        )
        if record:
            shown = cmd if isinstance(cmd, str) else shlex.join(cmd)
            self.shell.append(f"$ {shown}\n{result.output}".rstrip("\n"))
        return result

    def docker(self, *args: str, timeout: float = 60) -> ExecResult:
        """The ``docker`` CLI on the host against the engine (e.g. the documented
        ``docker rm -f jupyter-<name>``). Recorded in ``hub.shell``."""
        proc = self.engine.docker(*args, timeout=timeout)
        result = ExecResult(proc.returncode, proc.stdout, proc.stderr)
        self.shell.append(f"$ docker {shlex.join(args)}\n{result.output}".rstrip("\n"))
        return result

    def mark(self) -> Mark:
        """How much every place has printed so far; see observed(since=) and
        wait_for_log(since=). The harness takes one at each start (observed(run=))."""
        texts = self._singleuser_texts() if self.container is not None else {}
        return Mark(
            log_lines=len(self._log_lines()),
            singleuser={key: len(text) for key, text in texts.items()},
            shell=len(self.shell),
        )

    def observed(
        self, browser=None, users=None, *, since: Mark | None = None, run: int | None = None
    ) -> dict[str, str]:
        """What a user and an admin saw, by place: hub-log, proxy-log, singleuser-log,
        browser (if given a Browser), shell (exec/docker transcript).

        users: only these users' single-user logs. since: only what came after a Mark
        (e.g. "the symptom is gone after the fix"). run: only what came from that start
        until the next one (-1: the latest start).
        """
        if since is not None and run is not None:
            raise ValueError("observed(): since= or run=, not both")
        start = end = None
        if run is not None:
            i = run if run >= 0 else len(self._start_marks) + run
            if not 0 <= i < len(self._start_marks):
                raise HarnessError(f"hub {self.name} has no run {run}")
            start = self._start_marks[i]
            end = self._start_marks[i + 1] if i + 1 < len(self._start_marks) else None
        elif since is not None:
            start = since
        lines = self._log_lines()
        shell = self.shell
        texts = self._singleuser_texts(users)
        if start is not None:
            lines = lines[start.log_lines : end.log_lines if end else None]
            shell = shell[start.shell : end.shell if end else None]
            texts = {
                key: text[
                    start.singleuser.get(key, 0) : end.singleuser.get(key, 0) if end else None
                ]
                for key, text in texts.items()
            }
        seen = {
            "hub-log": "\n".join(_hub_lines(lines)),
            "proxy-log": "\n".join(_proxy_lines(lines)),
            "singleuser-log": "\n".join(texts.values()),
            "shell": "\n".join(shell),
        }
        if browser is not None:
            seen["browser"] = browser.transcript()
        return seen

    def _run_or_queue(self, script: str) -> None:
        """Run now if the hub runs; else run at the next start, before the hub."""
        if self.container is not None and self.running:
            self.exec(script, timeout=30, record=False).check()
        else:
            self._prestart.append(script)

    def before_start(self, script: str) -> None:
        """Shell commands to run in the container at the next start, before the hub."""
        self._prestart.append(script)

    def reconfigure(self, fragments) -> None:
        """Other config fragments (the page's fix, as an admin edits jupyterhub_config.py),
        read at the hub's next start: a stopped or held hub, or restart() a running one.
        The prelude, ``config=`` text and postlude stay."""
        fragments = [Path(f) for f in fragments]
        for f in fragments:
            if not f.is_file():
                raise HarnessError(f"config fragment not found: {f}")
        self.fragments = fragments
        if self.container is not None:
            self._put_files(
                {f"{HUB_DIR.lstrip('/')}/jupyterhub_config.py": self.config_text().encode()}
            )

    def hold_start(self) -> str:
        """Queue a pause before the hub's next start: the container runs what was queued
        before (a port squatter, a stray proxy) and waits, the hub not started yet, until
        release(). Start with start(wait=None), then wait_held(); act (exec, reconfigure),
        release(), then wait_ready(). Returns the hold's key. The pause ends by itself
        after 30 s."""
        key = f"/tmp/harness-hold-{secrets.token_hex(4)}"
        self.before_start(
            f"touch {key}.held; n=0\n"
            f"while [ ! -e {key}.go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done"
        )
        self._hold = key
        return key

    def wait_held(self, key: str | None = None, timeout: float = 20) -> None:
        """Wait until the held start (the latest hold_start() by default) is paused."""
        key = key or self._hold
        if key is None:
            raise HarnessError("wait_held() without hold_start()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self._state() if self.container is not None else {}
            if state.get("Status") in ("exited", "dead", "stopped"):
                self._fail_exited(state)
            try:
                if self.exec(f"test -e {key}.held", record=False).exit_code == 0:
                    return
            except docker.errors.APIError:  # not running yet
                pass
            time.sleep(0.05)
        where = self.save_artefacts()
        raise HubNotReady(
            f"hub {self.name}: the held start never got to its pause within {timeout:.0f} s."
            f"\nLast log lines:\n{tail(self.log(run=-1))}\nLogs saved in {where}"
        )

    def release(self, key: str | None = None) -> None:
        """Let a held start go on: the hub starts (wait_ready() to wait for it)."""
        key = key or self._hold
        if key is None:
            raise HarnessError("release() without hold_start()")
        self.exec(f"touch {key}.go", record=False).check()

    @contextlib.contextmanager
    def held_start(self, wait: str | None = "http", timeout: float = 60.0):
        """``with hub.held_start(): ...``: hold_start(), start(wait=None) and wait_held();
        the block runs while the hub waits; then release() and wait_ready(wait)."""
        key = self.hold_start()
        self.start(wait=None)
        self.wait_held(key)
        yield self
        self.release(key)
        if wait:
            self.wait_ready(wait, timeout)

    def reset_db(self) -> None:
        """Remove the hub's sqlite database (now if running, else before the next start)."""
        self._run_or_queue(f"rm -f {HUB_DIR}/jupyterhub.sqlite")

    def add_system_user(self, name: str) -> None:
        """A Unix user for LocalProcessSpawner (the image has: you alice bob ... heidi)."""
        self._run_or_queue(
            f"id {shlex.quote(name)} >/dev/null 2>&1 || useradd -m {shlex.quote(name)}"
        )

    def squat_port(self, port: int, ip: str = "", mode: str = "silent") -> None:
        """Hold a port in the hub's network namespace before (or while) the hub runs.

        mode "silent" accepts and never answers; "http" answers 404 to everything.
        """
        log = f"/var/log/harness-squat-{port}.log"
        self._run_or_queue(
            f"nohup {PY} {HARNESS_DIR}/squat.py {port} {shlex.quote(ip)} {mode} "
            f">{log} 2>&1 </dev/null &\n"
            f"{PY} {HARNESS_DIR}/waitport.py {port} {shlex.quote(ip)} 15"
        )

    def start_stray_proxy(
        self,
        token: str = "stray-proxy-token",
        port: int = 8000,
        api_port: int = 8001,
        ip: str = "",
        api_ip: str = "127.0.0.1",
        pid_file: str | None = None,
    ) -> StrayProxy:
        """A configurable-http-proxy of its own in the hub's container (e.g. a leftover
        from an earlier hub, with another token), now or before the next start.

        Returns a StrayProxy: ``.pid`` (the container's pid), ``.read_log()``. pid_file:
        where to record the pid (e.g. the hub's ConfigurableHTTPProxy.pid_file, as an
        earlier hub would have). A shell that waits for it stands in for a real machine's
        init: in the container the hub is PID 1 and would not reap it once stopped, and a
        zombie looks alive to a hub that checks its pid file.
        """
        name = f"/var/log/harness-stray-proxy-{api_port}-{secrets.token_hex(3)}"
        pid_file = pid_file or f"{name}.pid"
        proxy = (
            f"CONFIGPROXY_AUTH_TOKEN={shlex.quote(token)} {CHP} --ip {shlex.quote(ip)} "
            f"--port {port} --api-ip {shlex.quote(api_ip)} --api-port {api_port} "
            f"& echo $! >{shlex.quote(pid_file)}; wait"
        )
        self._run_or_queue(
            f"nohup sh -c {shlex.quote(proxy)} >{name}.log 2>&1 </dev/null &\n"
            f"{PY} {HARNESS_DIR}/waitport.py {api_port} {shlex.quote(api_ip)} 15"
        )
        return StrayProxy(self, f"{name}.log", pid_file)

    # ------------------------------------------------------------------ users' containers

    def user_container_name(self, user: str, server_name: str = "") -> str:
        """DockerSpawner's container name for a user (its default name_template)."""
        name = f"{self.user_prefix}-{user}"
        return f"{name}--{server_name}" if server_name else name

    def user_containers(self) -> list:
        if self.spawner == "local" or self.spawner == "simple":
            return []
        return [
            c
            for c in self.client.containers.list(
                all=True, filters={"label": f"{LABEL_HUB}={self.id}"}
            )
            if c.id != (self.container.id if self.container else None)
        ]

    def user_container(self, user: str, server_name: str = ""):
        try:
            return self.client.containers.get(self.user_container_name(user, server_name))
        except docker.errors.NotFound:
            return None

    def exec_user(self, user: str, cmd: str | list[str], **kw) -> ExecResult:
        """Run a command in a user's container (DockerSpawner)."""
        c = self.user_container(user)
        if c is None:
            raise HarnessError(f"no container {self.user_container_name(user)}")
        return self.exec(cmd, container=c, **kw)

    # ------------------------------------------------------------------ hub API (observation)

    def api(self, method: str, path: str, **kw) -> requests.Response:
        """The hub's REST API through the proxy, as the harness-driver service."""
        headers = {"Authorization": f"token {self.driver_token}", **kw.pop("headers", {})}
        kw.setdefault("timeout", 10)
        return self._http.request(
            method, f"{self.url}hub/api/{path.lstrip('/')}", headers=headers, **kw
        )

    def user_model(self, user: str) -> dict | None:
        r = self.api("GET", f"users/{user}")
        return r.json() if r.status_code == 200 else None

    def user_token(self, user: str, note: str = "harness") -> str:
        """An API token for the user (for curl-style requests to /user/<name>/api/...)."""
        if self.user_model(user) is None:
            self.api("POST", f"users/{user}").raise_for_status()
        r = self.api("POST", f"users/{user}/tokens", json={"note": note})
        r.raise_for_status()
        return r.json()["token"]

    def stop_server(self, user: str, timeout: float = 30) -> None:
        """Stop a user's server through the API and wait until it is gone."""
        r = self.api("DELETE", f"users/{user}/server")
        if r.status_code not in (202, 204, 400, 404):
            r.raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.user_model(user) or {}
            if not (model.get("servers") or {}).get(""):
                return
            time.sleep(0.1)
        raise HarnessError(f"{user}'s server still listed {timeout:.0f} s after DELETE")
