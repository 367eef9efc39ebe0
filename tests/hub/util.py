"""Small helpers shared by the harness modules: cache dir, cross-process locks, logs."""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from pathlib import Path

from troubleshoot.matcher import ANSI

REPO_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# Prefix of every label, network, container and temp dir the harness makes.
PROJECT = "jupyterhub-troubleshooting"
LABEL = "org.jupyterhub-troubleshooting"


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)  # the log matchers' rule (signatures.json)


def cache_dir() -> Path:
    """Per-user cache (locks, nothing big): $HUB_CACHE_DIR, else XDG cache."""
    root = os.environ.get("HUB_CACHE_DIR")
    if root:
        path = Path(root)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        path = Path(base) / PROJECT / "hub"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def file_lock(name: str):
    """Exclusive lock across processes (xdist workers, concurrent runs)."""
    path = cache_dir() / f"{name}.lock"
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Slots:
    """A counting semaphore across processes, made of N lock files.

    Keeps at most N hubs booting at once on the machine (2 cores: more than two
    concurrent boots slow every one of them down).
    """

    def __init__(self, name: str, count: int):
        self.paths = [cache_dir() / f"{name}-{i}.lock" for i in range(count)]
        self._fh = None

    def acquire(self, timeout: float = 600.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for path in self.paths:
                fh = open(path, "a+")
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    fh.close()
                    continue
                self._fh = fh
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"no free slot among {[str(p) for p in self.paths]}")
            time.sleep(0.05)

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def free_port(host: str = "127.0.0.1") -> int:
    """A port that is free on the host right now (to publish a container port on)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:])


def wait_until(
    condition,
    what,
    timeout: float = 15,
    interval: float = 0.2,
    error: type[Exception] = AssertionError,
):
    """Call ``condition`` until it returns something true, and return that. After
    ``timeout`` seconds raise ``error`` saying ``what`` (a string, or a function that
    makes one then, e.g. with the latest output)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise error(f"not within {timeout:.0f} s: {said}")
        time.sleep(interval)
