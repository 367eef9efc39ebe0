"""The hub's container lifecycle: create (network, published port, files), start and wait
for readiness or exit, stop, restart, remove; failures say where the logs were saved.

Network rule: the host reaches the hub only through 127.0.0.1:<published port>; the
hub and DockerSpawner's containers reach each other by name on the hub's own network
(the hub is ``jupyterhub`` there).
"""

from __future__ import annotations

import ipaddress
import re
import time

import docker.errors
import requests

from .config import HARNESS_DIR, HUB_ALIAS, HUB_CONFIG
from .engine import LABEL_HUB
from .errors import HarnessError, HubExited, HubNotReady
from .util import HERE, Slots, free_port, tail

RUNTIME = HERE / "runtime"
READY = re.compile(r"JupyterHub is now running")

_boot_slots = None


def boot_slots() -> Slots:
    """At most two hubs booting at once on this machine (2 cores)."""
    global _boot_slots
    if _boot_slots is None:
        _boot_slots = Slots("hub-boot", 2)
    return _boot_slots


class HubContainer:
    """Hub methods that create, start, stop and remove its container."""

    @property
    def url(self) -> str:
        """The hub's public URL on the host (published on 127.0.0.1)."""
        if self.host_port is None:
            raise HarnessError("the hub has no published port yet: call start() first")
        return f"http://127.0.0.1:{self.host_port}{self.base_url}"

    def published_url(self, port: int, scheme: str = "http") -> str:
        """Where the host reaches a port of the hub's container that the hub was created
        to publish (``publish=``): a reverse proxy's 80 or 443 in front of the hub."""
        if port not in self.publish:
            raise HarnessError(
                f"port {port} is not published: create the hub with publish=({port},)"
            )
        if port not in self.published:
            raise HarnessError("the hub has no published ports yet: call start() first")
        return f"{scheme}://127.0.0.1:{self.published[port]}/"

    def _create(self) -> None:
        if self.network is None:
            self.network = self.engine.create_network(
                self.network_name, self.engine.labels("network", hub=self.id)
            )
        self.host_port = free_port()
        self.published = {port: free_port() for port in self.publish}
        env = {**self.env}
        if self.fast_imports:
            env.setdefault("PYTHONPATH", "/opt/fastpath")
        volumes = dict(self.volumes)
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
        default = ["/bin/sh", f"{HARNESS_DIR}/entrypoint.sh", "jupyterhub", *self.args]
        self.container = self.client.containers.create(
            self.image,
            command=self._init_command(default),  # init="systemd": systemd.py
            name=self.container_name,
            labels=self.engine.labels("hub", hub=self.id),
            environment=env,
            ports={
                f"{self.public_port}/tcp": ("127.0.0.1", self.host_port),
                **{f"{port}/tcp": ("127.0.0.1", host) for port, host in self.published.items()},
            },
            network=self.network_name,
            networking_config={self.network_name: endpoint},
            volumes=volumes,
        )
        files = {
            f"{HARNESS_DIR.lstrip('/')}/{p.name}": p.read_bytes()
            for p in RUNTIME.iterdir()
            if p.is_file()
        }
        files[HUB_CONFIG.lstrip("/")] = self.config_text().encode()
        self._put_files(files)
        self._init_setup(env)

    def create(self) -> None:
        """Create the container and its network without starting the hub: for a server the
        hub needs on its network as it starts (database.py)."""
        if self.container is None:
            self._create()

    def start(self, wait: str | None = "http", timeout: float = 60.0):
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
            time.sleep(0.05)
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
            time.sleep(0.05)
        where = self.save_artefacts()
        raise HubNotReady(
            f"hub {self.name} was expected to exit but still runs after {timeout:.0f} s.\n"
            f"Last log lines:\n{tail(self.log(run=-1))}\nLogs saved in {where}"
        )

    def start_until_exit(self, timeout: float = 30.0) -> int:
        """Start a hub that must fail: start(wait=None), then wait_exit(). Its exit code."""
        self.start(wait=None)
        return self.wait_exit(timeout)

    def stop(self, timeout: int = 10) -> None:
        """SIGTERM the hub (what ``docker stop`` does); its container and files stay."""
        if self.container is not None and self.running:
            self.container.stop(timeout=timeout)

    def restart(self, wait: str | None = "http", timeout: float = 60.0):
        self.stop()
        return self.start(wait=wait, timeout=timeout)

    def remove(self, wait: bool = True, save_logs: bool = True) -> None:
        """Save logs, then remove the users' containers, the hub, and its network; with
        wait=False in the background (the fixtures' teardown: Engine.sweep_soon)."""
        if self.removed:
            return
        self.removed = True
        if self.container is not None and save_logs:
            try:
                self.save_artefacts()
            except Exception:
                pass
        if wait:
            self.engine.sweep(label=f"{LABEL_HUB}={self.id}")
        else:
            self.engine.sweep_soon(label=f"{LABEL_HUB}={self.id}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    # ------------------------------------------------------------------ failures

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
