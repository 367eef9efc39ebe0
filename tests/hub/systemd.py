"""A hub whose container runs systemd as PID 1: ``Hub(..., init="systemd")``.

For SystemdSpawner, which starts each server with ``systemd-run`` and watches it with
``systemctl``: both need a running systemd. In an ordinary hub container (``init=None``,
the default) the hub itself is PID 1 and both fail as on any machine without systemd.

With ``init="systemd"``:

- the container's command is ``/lib/systemd/systemd``; Podman sees it and runs the
  container in its systemd mode (tmpfs on /run and /tmp, the ``name=systemd`` cgroup
  hierarchy writable, SIGRTMIN+3 as the stop signal, so ``hub.stop()`` shuts systemd down
  cleanly). Docker has no such mode: there it needs a cgroup set-up of its own, untested.
- the hub runs as the service ``jupyterhub.service`` (root, ``/srv/jupyterhub``, the
  image's environment plus ``env=``), started by the harness's usual entrypoint, so
  queued pre-start scripts and held starts work as before; ``args=`` are its arguments.
- systemd replaces PID 1's output with /dev/null, so the service writes to
  ``HUB_LOG`` (appended across starts) and ``hub.log()``, ``hub_log()``, ``observed()``,
  ``wait_for_log()`` read that file instead of the container's output.
- the image's other enabled services (slapd, munge, slurm) are masked.
- the container keeps running when the hub exits: ``wait_exit()``/``start_until_exit()``
  do not apply; ``hub.exec("systemctl status jupyterhub")`` shows why it stopped.

Servers that SystemdSpawner starts log to the journal: ``hub.exec("journalctl -u ...")``.
"""

from __future__ import annotations

import io
import tarfile
import time

from .config import HARNESS_DIR, HUB_DIR
from .errors import HarnessError

INITS = (None, "systemd")
SYSTEMD = "/lib/systemd/systemd"  # Debian's; the image has no /sbin/init (no systemd-sysv)
HUB_LOG = "/var/log/jupyterhub-harness.log"
UNIT = "jupyterhub.service"
ENV_FILE = f"{HARNESS_DIR}/hub.env"
MASKED = ("slapd.service", "munge.service", "slurmd.service", "slurmctld.service")


def unit_text(args) -> str:
    argv = " ".join(
        _quote(a) for a in ["/bin/sh", f"{HARNESS_DIR}/entrypoint.sh", "jupyterhub", *args]
    )
    return (
        "[Unit]\n"
        "Description=JupyterHub (the test harness's hub)\n"
        "After=network.target\n"
        "[Service]\n"
        f"WorkingDirectory={HUB_DIR}\n"
        f"EnvironmentFile={ENV_FILE}\n"
        f"ExecStart={argv}\n"
        f"StandardOutput=append:{HUB_LOG}\n"
        "StandardError=inherit\n"
        "KillMode=mixed\n"
        "TimeoutStopSec=10\n"
        "Restart=no\n"
        "[Install]\n"
        "WantedBy=multi-user.target\n"
    )


def _quote(word: str) -> str:
    """A word of a unit's ExecStart= (C-style quotes; $ and % doubled)."""
    word = word.replace("%", "%%").replace("$", "$$")
    if word and not any(ch in word for ch in " \t\"'\\;"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def env_text(env: dict) -> str:
    lines = []
    for key, value in env.items():
        value = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        lines.append(f'{key}="{value}"')
    return "\n".join(lines) + "\n"


def _tar(files: dict[str, bytes], links: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    now = time.time()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        dirs = set()
        for path in [*files, *links]:
            parts = path.split("/")[:-1]
            dirs.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        for d in sorted(dirs):
            info = tarfile.TarInfo(d)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, now
            tar.addfile(info)
        for path, data in files.items():
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o644, now
            tar.addfile(info, io.BytesIO(data))
        for path, target in links.items():
            info = tarfile.TarInfo(path)
            info.type, info.linkname, info.mtime = tarfile.SYMTYPE, target, now
            tar.addfile(info)
    return buf.getvalue()


class SystemdInit:
    """Hub methods for ``init="systemd"`` (a no-op for the default ``init=None``)."""

    init: str | None = None

    def _init_command(self, default: list[str]) -> list[str]:
        if self.init != "systemd":
            return default
        return [SYSTEMD, "--show-status=false"]

    def _init_setup(self, env: dict) -> None:
        """After create: the hub's unit, its environment and the masks."""
        if self.init != "systemd":
            return
        image_env = self.client.images.get(self.image).attrs["Config"].get("Env") or []
        merged = dict(item.split("=", 1) for item in image_env if "=" in item)
        merged.update(env)
        etc = "etc/systemd/system"
        files = {
            f"{etc}/{UNIT}": unit_text(self.args).encode(),
            ENV_FILE.lstrip("/"): env_text(merged).encode(),
        }
        links = {f"{etc}/multi-user.target.wants/{UNIT}": f"/{etc}/{UNIT}"}
        links.update({f"{etc}/{name}": "/dev/null" for name in MASKED})
        if not self.container.put_archive("/", _tar(files, links)):
            raise HarnessError(f"copying the systemd units into {self.container_name} failed")

    def _log_lines(self) -> list[str]:
        if self.init != "systemd":
            return super()._log_lines()
        if self.container is None:
            return []
        return (self.read_file(HUB_LOG) or "").splitlines()
