"""The hub's machine, its container: files in and out, commands in it (also one that runs
in the foreground, as in an admin's terminal), and the ``docker`` CLI on the host. Commands
are recorded in ``hub.shell``, the "shell" place of observed().
"""

from __future__ import annotations

import io
import json
import re
import shlex
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import docker.errors

import troubleshoot

from .errors import HarnessError
from .util import wait_until


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


def put_files(container, files: dict[str, bytes], mode: int = 0o644) -> None:
    """Copy files (paths relative to /, with their directories) into a container."""
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
    if not container.put_archive("/", buf.getvalue()):
        raise HarnessError(f"copying files into {container.name} failed")


def read_container_file(container, path: str) -> str | None:
    """A file from a container (running or stopped); None if absent."""
    try:
        stream, _ = container.get_archive(path)
    except docker.errors.NotFound:
        return None
    with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
        member = tar.next()
        if member is None or not member.isfile():
            return None
        return tar.extractfile(member).read().decode("utf-8", "replace")


def container_log(container) -> str:
    """What a container printed; "" if it has none or is gone."""
    if container is None:
        return ""
    try:
        return container.logs().decode(errors="replace")
    except docker.errors.NotFound:
        return ""


class HubMachine:
    """Hub methods for files and commands in its container."""

    def _put_files(self, files: dict[str, bytes], mode: int = 0o644) -> None:
        put_files(self.container, files, mode)

    def read_file(self, path: str, container=None) -> str | None:
        """A file from the hub container (running or stopped); None if absent."""
        return read_container_file(container or self.container, path)

    def read_dir(self, path: str) -> dict[str, str]:
        """The files directly in a directory of the hub container, by name, with their text:
        one archive for all of them (each engine call costs ~0.1 s on Podman)."""
        try:
            stream, _ = self.container.get_archive(path)
        except docker.errors.NotFound:
            return {}
        found = {}
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.count("/") == 1:
                    text = tar.extractfile(member).read().decode("utf-8", "replace")
                    found[member.name.split("/", 1)[1]] = text
        return found

    def write_file(self, path: str, text: str, mode: int = 0o644) -> None:
        """Put a file into the hub container (running or not)."""
        if self.container is None:
            self._create()
        self._put_files({path.lstrip("/"): text.encode()}, mode)

    def copy_files_from(self, other, paths: list[str]) -> None:
        """Files (a database, its backups) from another hub's container, running or not,
        to the same paths in this one: what an upgrade of the package leaves in place."""
        if self.container is None:
            self._create()
        for path in paths:
            stream, _ = other.container.get_archive(path)
            directory = path.rsplit("/", 1)[0] or "/"
            if not self.container.put_archive(directory, b"".join(stream)):
                raise HarnessError(f"copying {path} from {other.name} to {self.name} failed")

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

    def troubleshoot_check(self, config: str) -> dict:
        """`python -m troubleshoot check CONFIG --json`, run in the hub's container with the
        hub's own Python and JupyterHub (the guide's package copied in, as an operator's
        `pip install` would put it): the parsed report. Needs the container running."""
        package = Path(troubleshoot.__file__).parent
        files = {
            f"opt/jhts/troubleshoot/{p.name}": p.read_bytes()
            for p in sorted(package.iterdir())
            if p.suffix in (".py", ".json")
        }
        self._put_files(files)
        result = self.exec(
            ["python", "-m", "troubleshoot", "check", config, "--json"],
            env={"PYTHONPATH": "/opt/jhts"},
        )
        if result.exit_code not in (0, 1):
            raise HarnessError(f"troubleshoot check exited {result.exit_code} in {self.name}:\n"
                               f"{result.output[-3000:]}")  # fmt: skip
        return json.loads(result.stdout)

    def docker(self, *args: str, timeout: float = 60) -> ExecResult:
        """The ``docker`` CLI on the host against the engine (e.g. the documented
        ``docker rm -f jupyter-<name>``). Recorded in ``hub.shell``."""
        proc = self.engine.docker(*args, timeout=timeout)
        result = ExecResult(proc.returncode, proc.stdout, proc.stderr)
        self.shell.append(f"$ docker {shlex.join(args)}\n{result.output}".rstrip("\n"))
        return result


class Foreground:
    """A script that starts a hub in the foreground (a page's section), run in the (held)
    hub container as an admin runs it in a terminal, in a process group of its own so that
    it can be stopped as Ctrl-C would stop it (SIGTERM to the group: the hub stops its
    proxy)."""

    def __init__(self, hub, script: str, name: str):
        self.hub, self.log = hub, f"/tmp/{name}.log"
        started = hub.exec(
            f"set -m; sh -c {shlex.quote(script)} >{self.log} 2>&1 </dev/null &\n"
            'ps -o pgid= -p "$!"',
            record=False,
        ).check()
        self.pgid = int(started.stdout.split()[-1])

    def output(self) -> str:
        return self.hub.read_file(self.log) or ""

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        """Wait until its output has a line matching ``pattern``; the output."""

        def output_if_found() -> str | None:
            text = self.output()
            return text if re.search(pattern, text, re.M) else None

        return wait_until(
            output_if_found, lambda: f"no {pattern!r}:\n{self.output()[-3000:]}", timeout
        )

    def stop(self, timeout: float = 20) -> str:
        """Ctrl-C: SIGTERM to its group; its output, added to the hub's shell transcript."""
        self.hub.exec(f"/bin/kill -TERM -- -{self.pgid}", record=False).check()
        try:
            wait_until(
                lambda: self.hub.exec(f"/bin/kill -0 -- -{self.pgid}", record=False).exit_code,
                f"process group {self.pgid} to end",
                timeout,
            )
        except AssertionError:
            pass  # its output says what it was doing
        text = self.output()
        self.hub.shell.append(f"$ # {self.log}\n{text}".rstrip())
        return text
