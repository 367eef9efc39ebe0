"""Users and their servers: the hub's REST API (as the harness-driver service), starting
and stopping servers through it, and DockerSpawner's containers of the users.
"""

from __future__ import annotations

import docker.errors
import requests

from .engine import LABEL_HUB
from .errors import HarnessError
from .machine import ExecResult
from .util import tail, wait_until


def _server_path(user: str, server: str) -> str:
    return f"users/{user}/servers/{server}" if server else f"users/{user}/server"


class HubUsers:
    """Hub methods for users, their servers and their containers."""

    def api(self, method: str, path: str, **kw) -> requests.Response:
        """The hub's REST API through the proxy, as the harness-driver service."""
        headers = {"Authorization": f"token {self.driver_token}", **kw.pop("headers", {})}
        kw.setdefault("timeout", 10)
        return self._http.request(
            method, f"{self.url}hub/api/{path.lstrip('/')}", headers=headers, **kw
        )

    def user_model(self, user: str) -> dict | None:
        r = self.api("GET", f"users/{user}")
        return r.json() if r.status_code == 200 else None

    def _server_model(self, user: str, server: str) -> dict:
        return ((self.user_model(user) or {}).get("servers") or {}).get(server) or {}

    def start_server(self, user: str, server: str = "", timeout: float = 30) -> None:
        """Start a user's server (a named one with ``server``) through the API, as an
        admin would, and wait until the hub says it is ready."""
        # The hub answers only once the server is up or slow_spawn_timeout (10 s) passed.
        r = self.api("POST", _server_path(user, server), timeout=timeout)
        if r.status_code not in (201, 202):
            raise HarnessError(f"starting {user}'s server {server!r}: {r.status_code} {r.text}")
        self.wait_server_ready(user, server, timeout)

    def wait_server_ready(self, user: str, server: str = "", timeout: float = 30) -> None:
        """Until the hub's API says the user's server (however it was started) is ready."""
        wait_until(
            lambda: self._server_model(user, server).get("ready"),
            lambda: f"{user}'s server {server!r} ready:\n{tail(self.hub_log(run=-1))}",
            timeout,
        )

    def stop_server(self, user: str, server: str = "", timeout: float = 30) -> None:
        """Stop a user's server (a named one with ``server``) through the API and wait
        until the hub no longer lists it as started."""
        r = self.api("DELETE", _server_path(user, server))
        if r.status_code not in (202, 204):
            raise HarnessError(f"stopping {user}'s server {server!r}: {r.status_code} {r.text}")

        def stopped():
            model = self._server_model(user, server)
            return not model or model.get("stopped") or not model.get("started")

        wait_until(stopped, f"{user}'s server {server!r} stopped", timeout)

    # ------------------------------------------------------------------ users' containers

    def user_container_name(self, user: str, server_name: str = "") -> str:
        """DockerSpawner's container name for a user (its default name_template)."""
        name = f"{self.user_prefix}-{user}"
        return f"{name}--{server_name}" if server_name else name

    def user_containers(self) -> list:
        if self.spawner == "local" or self.spawner == "simple":
            return []
        return [
            c
            for c in self.client.containers.list(
                all=True, filters={"label": f"{LABEL_HUB}={self.id}"}
            )
            if c.id != (self.container.id if self.container else None)
        ]

    def user_container(self, user: str, server_name: str = ""):
        try:
            return self.client.containers.get(self.user_container_name(user, server_name))
        except docker.errors.NotFound:
            return None

    def exec_user(self, user: str, cmd: str | list[str], **kw) -> ExecResult:
        """Run a command in a user's container (DockerSpawner)."""
        c = self.user_container(user)
        if c is None:
            raise HarnessError(f"no container {self.user_container_name(user)}")
        return self.exec(cmd, container=c, **kw)
