"""Observation: what every place printed (hub, proxy, single-user servers, the shell), by
start or since a mark, waiting for a line, and the artefacts saved for a failed test.

The hub and its proxy (the hub's child) print to the container's output; each
LocalProcessSpawner server to its own file, each DockerSpawner server to its container.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import docker.errors

from .config import SINGLEUSER_LOG_DIR
from .errors import HarnessError, HubNotReady
from .util import strip_ansi, tail


def _hub_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if "[ConfigProxy]" not in ln and not ln.startswith("[harness]")]


def _proxy_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if "[ConfigProxy]" in ln]


_LOG_FILTERS = {"all": list, "hub": _hub_lines, "proxy": _proxy_lines}


def _container_log(container) -> str:
    return strip_ansi(container.logs(stdout=True, stderr=True).decode("utf-8", "replace"))


@dataclass(frozen=True)
class Mark:
    """How much every place had printed at one moment (Hub.mark(), and each start):
    ``hub.observed(since=mark)`` and ``hub.wait_for_log(..., since=mark)`` see only what
    came after."""

    log_lines: int  # lines of the hub container's output (hub and proxy)
    singleuser: dict  # characters of each single-user log, by Hub._singleuser_texts key
    shell: int  # entries of hub.shell


class HubLogs:
    """Hub methods that read what was printed."""

    def _log_lines(self) -> list[str]:
        if self.container is None:
            return []
        return _container_log(self.container).splitlines()

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
        source = self._user_log_source(user)
        return source[2] if source else ""

    def singleuser_logs(self) -> dict[str, str]:
        """Every single-user log: by user (log files), by container name (DockerSpawner)."""
        return {name: text for _, name, text in self._singleuser_sources()}

    def _singleuser_texts(self, users=None) -> dict[str, str]:
        """The single-user logs by a key a new container of the same name does not reuse
        ("file:<user>", "container:<id>"); a Mark's offsets refer to these keys."""
        return {key: text for key, _, text in self._singleuser_sources(users)}

    def _user_log_source(self, user: str) -> tuple[str, str, str] | None:
        """(key, name, text) of a user's log: its container's with DockerSpawner (or a
        fragment's spawner that made one), else its file; None if there is none."""
        if self.spawner == "docker" or (self.spawner is None and self.user_container(user)):
            c = self.user_container(user)
            return None if c is None else (f"container:{c.id}", c.name, _container_log(c))
        if self.container is None:
            return None
        return (f"file:{user}", user, self.read_file(f"{SINGLEUSER_LOG_DIR}/{user}.log") or "")

    def _singleuser_sources(self, users=None) -> list[tuple[str, str, str]]:
        """(key, name, text) of all single-user logs, or of ``users``'."""
        if users is not None:
            return [s for s in map(self._user_log_source, users) if s is not None]
        found = list(self._singleuser_files()) if self.container is not None else []
        for c in self.user_containers():
            found.append((f"container:{c.id}", c.name, _container_log(c)))
        return found

    def _singleuser_files(self) -> tuple[tuple[str, str, str], ...]:
        """(key, user, text) of each log file. Reading a stopped container's files costs
        the engine a mount (~130 ms an archive on Podman) and they cannot change until it runs
        again: kept for as long as it stays stopped (its FinishedAt names the stop)."""
        if self.spawner == "docker":  # servers in containers of their own: no files here
            return ()
        state = self._state()
        if not state.get("Running") and str(state.get("StartedAt", "")).startswith("0001"):
            return ()  # created, never started: nothing has run to write a log
        stopped = None if state.get("Running") else (self.container.id, state.get("FinishedAt"))
        cached = self._stopped_singleuser_files
        if stopped is not None and cached is not None and cached[0] == stopped:
            return cached[1]
        files = tuple(
            (f"file:{name[:-4]}", name[:-4], text)
            for name, text in sorted(self.read_dir(SINGLEUSER_LOG_DIR).items())
            if name.endswith(".log")
        )
        self._stopped_singleuser_files = None if stopped is None else (stopped, files)
        return files

    # ------------------------------------------------------------------ marks

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
        browser (if given a UserClient), shell (exec/docker transcript).

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
