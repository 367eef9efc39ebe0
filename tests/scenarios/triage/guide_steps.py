"""What the triage guides' scenario modules share: each snippet section run on the hub's
machine (its container) or on the host, its output kept in the artefacts folder for the
guides' authors to quote."""

from __future__ import annotations

import re

from tests.hub.fixtures import artefact_root
from tests.hub.sections import exec_section, run_section

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DEBUG_LINE = re.compile(r"^\[D \d{4}-\d\d-\d\d ", re.M)


class GuideSteps:
    """Runs one guide's sections; outputs kept in <artefacts>/<folder>/."""

    def __init__(self, folder: str):
        self.folder = folder

    def keep(self, label: str, text: str) -> None:
        folder = artefact_root() / self.folder
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")

    def run(
        self,
        hub,
        rel: str,
        name: str,
        label: str = "",
        /,
        *,
        token: str | None = None,
        timeout: int | None = None,
        **values,
    ):
        """A section in the hub's container, as root; with `token`, that token in the
        environment as JUPYTERHUB_API_TOKEN."""
        env = {"JUPYTERHUB_API_TOKEN": token} if token is not None else None
        extra = {"timeout": timeout} if timeout is not None else {}
        result = exec_section(hub, rel, name, env=env, **extra, **values)
        self.keep(
            f"{rel.rsplit('/', 1)[1]}-{name}{label}", f"exit {result.exit_code}\n{result.output}"
        )
        return result

    def on_host(self, hub, rel: str, name: str, label: str = "", /, **values):
        """A section on the host (the docker CLI against the engine)."""
        done = run_section(rel, name, env=hub.engine.env, **values)
        self.keep(
            f"{rel.rsplit('/', 1)[1]}-{name}{label}",
            f"exit {done.returncode}\n{done.stdout}{done.stderr}",
        )
        return done
