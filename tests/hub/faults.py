"""Fault staging: what a scenario puts in the hub's way before (or while) it starts.

Port squatters, a stray configurable-http-proxy, a removed database, any shell step
before the hub, and held starts. The hub is PID 1 of its container: when it exits, what
was staged goes with it, where on a real machine it would still be there. So a staged
fault is queued again before the next start, and a held start pauses the container before
the hub, for a test to act like an admin:

    hub.squat_port(8001, ip="127.0.0.1", mode="http")
    with hub.held_start():     # hold_start(), start(wait=None), wait_held()
        hub.exec("ss -ltnp")   # find and stop the owner, hub.reconfigure(...)
    # here release() and wait_ready("http") have run
"""

from __future__ import annotations

import contextlib
import secrets
import shlex
import time

import docker.errors

from .config import CHP, HARNESS_DIR, HUB_DB, PY
from .errors import HarnessError, HubNotReady
from .util import tail, wait_until


class StrayProxy:
    """A configurable-http-proxy started by Hub.start_stray_proxy in the hub's container."""

    def __init__(self, hub, log: str, pid_file: str):
        self.hub, self.log, self.pid_file = hub, log, pid_file
        self._pid: int | None = None

    @property
    def pid(self) -> int:
        """Its pid in the hub container (known once it started: now, or at the hub's next
        start when it was queued). Waits up to 15 s for its pid file."""
        if self._pid is None:
            if self.hub.container is None:
                raise HarnessError("the stray proxy starts with the hub: call start() first")
            text = wait_until(
                lambda: (self.hub.read_file(self.pid_file) or "").strip(),
                f"the stray proxy never wrote {self.pid_file}",
                interval=0.1,
                error=HarnessError,
            )
            self._pid = int(text)
        return self._pid

    def read_log(self) -> str:
        """Its own output (a leftover's refusals are logged there, not in the hub's log)."""
        if self.hub.container is None:
            return ""
        return self.hub.read_file(self.log) or ""


class FaultStaging:
    """Hub methods that stage faults and hold starts."""

    def before_start(self, script: str) -> None:
        """Shell commands to run in the container at the next start, before the hub."""
        self._prestart.append(script)

    def _run_or_queue(self, script: str) -> None:
        """Run now if the hub runs; else run at the next start, before the hub."""
        if self.container is not None and self.running:
            self.exec(script, timeout=30, record=False).check()
        else:
            self._prestart.append(script)

    def reset_db(self) -> None:
        """Remove the hub's sqlite database (now if running, else before the next start)."""
        self._run_or_queue(f"rm -f {HUB_DB}")

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

    # ------------------------------------------------------------------ held starts

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
            # Read through the engine's archive API: a file lookup costs milliseconds, an
            # exec session (conmon) tens of them.
            try:
                if self.read_file(f"{key}.held") is not None:
                    return
            except docker.errors.APIError:  # not created yet
                pass
            time.sleep(0.02)
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
        self.write_file(f"{key}.go", "")  # the paused start polls for this file

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
