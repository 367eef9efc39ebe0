"""Who listens where in the hub's container, as the pages' `ss -ltnp` shows it, and which
process that is."""

from __future__ import annotations

import re

_SS_LINE = re.compile(r'\s(\S+):(\d+)\s+\S+\s+users:\(\("([^"]+)",pid=(\d+)')


def listeners(ss_output: str) -> dict[int, list[tuple[str, int, str]]]:
    """`ss -ltnp` output -> {port: [(process name, pid, local address), ...]}."""
    found: dict[int, list[tuple[str, int, str]]] = {}
    for line in ss_output.splitlines():
        m = _SS_LINE.search(line)
        if m:
            addr, port, name, pid = m.groups()
            found.setdefault(int(port), []).append((name, int(pid), addr))
    return found


def process_cmdline(hub, pid: int) -> str:
    """A process's command line (the container's pid), to tell which listener is which:
    `ss` names processes by their thread name, and a recent Node.js calls its main thread
    "MainThread"."""
    return hub.exec(["cat", f"/proc/{pid}/cmdline"], record=False).stdout.replace("\0", " ")


def is_proxy(hub, listener: tuple[str, int, str]) -> bool:
    """Whether a listener of listeners() is a configurable-http-proxy."""
    return "configurable-http-proxy" in process_cmdline(hub, listener[1])
