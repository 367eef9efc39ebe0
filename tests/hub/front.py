"""Real reverse proxies in front of a hub: Debian's nginx, Apache httpd and Caddy.

They run in the hub's container, as on the hub's machine, so a page's configuration file
reaches the hub at ``127.0.0.1:8000`` exactly as an operator's does. The server listens on
port 80 (443 with TLS) of the container; the hub publishes those ports on the host:

    hub = hub_factory([...], publish=(80,), user_image="kernel")
    hub.start()
    front = FrontServer(hub, "nginx")
    check = front.install("snippets/reverse-proxy/<id>/nginx.conf")  # `nginx -t` on it
    assert check.exit_code == 0, check.output
    front.start()
    browser = UserClient(front.url)          # every request goes through nginx
    front.error_log(), front.access_log()

`install` puts the page's file where the server reads a site's configuration and runs the
server's own syntax check (``nginx -t``, ``apache2ctl -t``, ``caddy validate``); `start`
starts the server, `reload` makes it read a changed file. A hub that restarts takes the
server with it (the hub is its container's PID 1): start it again afterwards.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import HarnessError
from .machine import ExecResult
from .util import tail

CADDYFILE = "/etc/caddy/Caddyfile"
CADDY_LOG = "/var/log/caddy.log"
CADDY = f"--adapter caddyfile --config {CADDYFILE}"


@dataclass(frozen=True)
class FrontKind:
    suffix: str  # how a page's snippet file of this server's configuration is named
    site: str  # where the page's configuration file goes
    prepare: str  # once, before the first install: the distribution's default site removed
    check: str  # the server's own syntax check of its whole configuration
    start: str
    reload: str
    error_log: str
    access_log: str | None

    @property
    def rejected(self) -> str:
        """The first line of a snippet that shows a configuration the server refuses."""
        return f"# rejected by {self.check.split(' --')[0]}"


KINDS = {
    "nginx": FrontKind(
        suffix=".nginx.conf",
        site="/etc/nginx/sites-enabled/jupyterhub.conf",
        prepare="rm -f /etc/nginx/sites-enabled/default",
        check="nginx -t",
        start="nginx",
        reload="nginx -s reload",
        error_log="/var/log/nginx/error.log",
        access_log="/var/log/nginx/access.log",
    ),
    "apache": FrontKind(
        suffix=".apache.conf",
        site="/etc/apache2/sites-enabled/jupyterhub.conf",
        prepare="rm -f /etc/apache2/sites-enabled/000-default.conf",
        check="apache2ctl -t",
        start="apache2ctl start",
        reload="apache2ctl graceful",
        error_log="/var/log/apache2/error.log",
        access_log="/var/log/apache2/access.log",
    ),
    "caddy": FrontKind(
        suffix="Caddyfile",
        site=CADDYFILE,
        prepare="",
        check=f"caddy validate {CADDY}",
        # `caddy run` in the background, its log in a file: `caddy start` would keep the
        # exec's output open.
        start=f"nohup caddy run {CADDY} >>{CADDY_LOG} 2>&1 </dev/null &",
        reload=f"caddy reload {CADDY}",
        error_log=CADDY_LOG,
        access_log=None,
    ),
}


def snippet_configs(root: Path) -> list[tuple[Path, str]]:
    """The reverse-proxy configurations the pages show (snippets named `*.nginx.conf`,
    `*.apache.conf`, `*Caddyfile`), each with its server's kind."""
    found = []
    for path in sorted(root.rglob("*")):
        for kind, spec in KINDS.items():
            if path.is_file() and path.name.endswith(spec.suffix):
                found.append((path, kind))
    return found


# Where the pages' TLS configurations read their certificate and key.
CERTIFICATES = "/etc/ssl/jupyterhub"


def install_stand_in_certificates(hub) -> None:
    """A throw-away self-signed certificate and key under every name the pages' TLS
    configurations read (`/etc/ssl/jupyterhub/{hub,fullchain,intermediate}.crt`,
    `hub.key`), so that a syntax check can load them. Not a chain: the TLS scenario makes
    its own."""
    hub.exec(
        f"mkdir -p {CERTIFICATES} && cd {CERTIFICATES} && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout hub.key -out hub.crt "
        "-subj /CN=hub.example.org 2>/dev/null && cp hub.crt fullchain.crt && "
        "cp hub.crt intermediate.crt",
        record=False,
    ).check()


# The Apache modules a reverse proxy for JupyterHub needs (the pages say which).
APACHE_MODULES = ("proxy", "proxy_http", "proxy_wstunnel", "headers", "rewrite", "ssl")


class FrontServer:
    def __init__(
        self, hub, kind: str, port: int = 80, scheme: str = "http", modules=APACHE_MODULES
    ):
        """kind: nginx | apache | caddy; port: where the configuration listens in the hub's
        container (published: the hub was created with publish=(port,)); modules: the
        Apache modules enabled before the configuration is checked (a2enmod)."""
        if kind not in KINDS:
            raise HarnessError(f"front kind {kind!r}: expected one of {sorted(KINDS)}")
        self.hub = hub
        self.kind = kind
        self.spec = KINDS[kind]
        self.port = port
        self.scheme = scheme
        self.modules = tuple(modules) if kind == "apache" else ()
        self._prepared = False
        self.started = False

    @property
    def url(self) -> str:
        """The hub's URL through this server, on the host."""
        return self.hub.published_url(self.port, self.scheme)

    def _prepare(self) -> None:
        if self._prepared:
            return
        script = self.spec.prepare
        if self.modules:
            script += f"\na2enmod -q {' '.join(self.modules)} >/dev/null"
        if script.strip():
            self.hub.exec(script, record=False).check()
        self._prepared = True

    def install(self, config: str | Path) -> ExecResult:
        """Put a configuration file (its path) in place and run the server's syntax check
        on it; the check's result (exit code and output) is returned."""
        return self.install_text(Path(config).read_text())

    def install_text(self, text: str) -> ExecResult:
        self._prepare()
        self.hub.write_file(self.spec.site, text)
        return self.hub.exec(self.spec.check, timeout=30)

    def start(self, timeout: float = 20.0) -> None:
        """Start the server (after install), and wait until it answers on its port."""
        self.hub.exec(self.spec.start, timeout=30).check()
        self.started = True
        self._wait_listening(timeout)

    def reload(self, config: str | Path | None = None, timeout: float = 20.0) -> ExecResult:
        """Read a changed configuration (installed first when given); a configuration the
        check refuses is not reloaded: the result says why."""
        if config is not None:
            check = self.install(config)
            if check.exit_code != 0:
                return check
        result = self.hub.exec(self.spec.reload, timeout=30)
        time.sleep(0.5)  # the workers with the new configuration take over
        self._wait_listening(timeout)
        return result

    def _wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = f"ss -Hltn 'sport = :{self.port}' | grep -q ."
        while time.monotonic() < deadline:
            if self.hub.exec(probe, record=False).exit_code == 0:
                return
            time.sleep(0.2)
        raise HarnessError(
            f"{self.kind} is not listening on port {self.port} of the hub's container after "
            f"{timeout:.0f} s.\nIts error log:\n{tail(self.error_log())}"
        )

    def error_log(self) -> str:
        return self.hub.read_file(self.spec.error_log) or ""

    def access_log(self) -> str:
        if self.spec.access_log is None:
            raise HarnessError(f"{self.kind} keeps no access log here")
        return self.hub.read_file(self.spec.access_log) or ""

    def command(self, cmd: str) -> ExecResult:
        """A command on the hub's machine with the server's tools (e.g. `nginx -T`)."""
        return self.hub.exec(cmd if isinstance(cmd, str) else shlex.join(cmd), timeout=30)
