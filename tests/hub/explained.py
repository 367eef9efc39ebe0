"""Every warning or error a scenario's hub, proxy or single-user server printed finds an
answer in the guide: a page's symptom, or its message in the message reference.

The hub fixtures run unexplained_lines() on each hub as its test ends, so the scenarios'
own logs keep the message reference complete in practice, not only by the source: a line
JupyterHub or configurable-http-proxy printed at warning level or worse that neither tier
matches fails the test at teardown, naming the line. Lines of other programs in the same
logs are left out, each kind with its reason (EXEMPT).

HUB_UNEXPLAINED_LOG=<file> collects the lines in that file instead of failing (to survey a
whole run).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from pathlib import Path

import docker

from troubleshoot import matcher, stages
from troubleshoot.reference import load_reference, matrix_releases

# JupyterHub's log format, at warning level or worse: logger, module.
HUB_LINE = re.compile(r"\[[WEC] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (\S+) (\w+):\d+\]")
# The single-user server's extension (Jupyter Server's format names no module).
SINGLEUSER_LINE = re.compile(r"\[[WEC] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ JupyterHubSingleUser\]")
PROXY_LINE = re.compile(r"\[ConfigProxy\] (?:warn|error):")
# A line that starts another log record (of any level), and how many lines a message that
# starts with a line break is looked for in.
LOGGED = re.compile(r"\s*\[[A-Z] \d{4}-\d\d-\d\d ")
MESSAGE_LINES = 12
# Lines of JupyterHub's format that are not a message of JupyterHub's, and why.
EXEMPT = {
    # jupyterhub/log.py's access log: "<status> <method> <uri> (<user>@<ip>) <ms>ms", at
    # warning for 4xx and error for 5xx, through a logger method chosen at run time (and a
    # 5xx's request headers as JSON before it). The status is the message; the reference's
    # HTTP messages explain the page the status came with.
    "log": "the access log (jupyterhub/log.py)",
    # tornado's own module (uncaught exceptions, its request log before JupyterHub's).
    "web": "tornado.web, not JupyterHub",
}


def _jupyterhub_modules() -> set[str]:
    """The module names (file names without .py) of JupyterHub's messages."""
    return {m.module.rsplit("/", 1)[-1].removesuffix(".py") for m in load_reference("jupyterhub")}


# Modules of plug-ins the scenarios run that share their name with one of JupyterHub's: a
# plug-in logs through the hub's logger, so `JupyterHub proxy:285` may be either.
SHARED_MODULE_NAMES = {
    "proxy": "jupyterhub_traefik_proxy/proxy.py, kubespawner/proxy.py",
    "spawner": "kubespawner/spawner.py, sudospawner/spawner.py",
}


def _plugin_modules() -> set[str]:
    """Module names of the plug-ins the stages table lists, and those plug-ins share with
    JupyterHub (a plug-in logs through the hub's logger, so its lines carry
    `JupyterHub <module>:<line>` too)."""
    listed = {
        path.rsplit("/", 1)[-1].removesuffix(".py")
        for paths in stages.STAGE_MODULES.values()
        for path in paths
        if not path.startswith("jupyterhub/") and not path.endswith("/")
    }
    return listed | SHARED_MODULE_NAMES.keys()


@functools.cache
def _setup() -> tuple[dict, matcher.Explainer, set[str], set[str], set[str]]:
    """What the check reads, once per process."""
    signatures = matcher.load_signatures()
    return (
        signatures,
        matcher.Explainer(signatures),
        _jupyterhub_modules(),
        _plugin_modules(),
        set(matrix_releases("jupyterhub")),
    )


def is_jupyterhubs(line: str, modules: set[str], plugins: set[str]) -> bool:
    """Whether the line is a warning or worse of JupyterHub's or the proxy's own code."""
    if PROXY_LINE.search(line) or SINGLEUSER_LINE.search(line):
        return True
    logged = HUB_LINE.search(line)
    if logged is None:
        return False
    logger, module = logged.groups()
    # A plug-in's module of the same name as one of JupyterHub's (kubespawner's spawner.py)
    # cannot be told apart by the line: only JupyterHub's own names count.
    return logger == "JupyterHub" and module in modules - plugins and module not in EXEMPT


def unexplained_lines(hub) -> list[str]:
    """The hub's, its proxy's and its single-user servers' lines of JupyterHub's or the
    proxy's code, at warning level or worse, that neither a symptom nor a message of the
    reference matches. [] for a release outside the reference's matrix."""
    signatures, explainer, modules, plugins, releases = _setup()
    if getattr(hub, "jupyterhub_version", None) not in releases or hub.container is None:
        return []
    texts = [hub.log(), *hub.singleuser_logs().values()]
    found = []
    ansi = matcher.default_rules().ansi
    for text in texts:
        lines = [ansi.sub("", raw) for raw in text.splitlines()]
        for index, line in enumerate(lines):
            if not is_jupyterhubs(line, modules, plugins):
                continue
            said = [line]
            if not line.split("]", 1)[-1].strip():
                # The message starts on the next lines (its text begins with a line break;
                # the reference knows it by its most telling line), or there is none:
                # `log.exception("")`, whose traceback is the message.
                said = [x for x in lines[index + 1 : index + 1 + MESSAGE_LINES] if x.strip()]
                said = list(itertools.takewhile(lambda x: not LOGGED.match(x), said))
                # (tornado's formatter indents a traceback by four spaces)
                if said[:1] and said[0].lstrip().startswith("Traceback (most recent call last)"):
                    continue
            if any(matcher.matches_any(x, signatures) or explainer.message_of(x) for x in said):
                continue
            shown = " ".join([line, *(x.strip() for x in said[:1] if x is not line)])
            if shown not in found:
                found.append(shown)
    return found


def check_hubs(hubs, test: str) -> None:
    """Fail (or, with HUB_UNEXPLAINED_LOG, record) the lines no tier explains."""
    problems = []
    for hub in hubs:
        try:
            lines = unexplained_lines(hub)
        except docker.errors.NotFound:  # its container is gone already: nothing to read
            lines = []
        problems += [(hub.name, hub.jupyterhub_version, line) for line in lines]
    if not problems:
        return
    survey = os.environ.get("HUB_UNEXPLAINED_LOG")
    if survey:
        with Path(survey).open("a", encoding="utf-8") as out:
            for name, version, line in problems:
                out.write(json.dumps({"test": test, "hub": name, "version": version, "line": line}))
                out.write("\n")
        return
    raise AssertionError(
        "lines JupyterHub or its proxy printed at warning level or worse that no page and no "
        "message of the reference explains (add the message to reference/*.yaml, or a "
        "symptom to the page):\n"
        + "\n".join(
            f"  [{name}, JupyterHub {version}] {line[:300]}" for name, version, line in problems
        )
    )
