"""A real JupyterHub in a container, configured from config fragment files.

    hub = Hub(engine, image, ["snippets/networking/x/broken.py"], spawner="docker")
    hub.start()                      # waits until /hub/api answers 200 through the proxy
    ...
    hub.hub_log(), hub.proxy_log(), hub.singleuser_log("you")
    hub.remove()                     # saves logs to the artefact dir, removes everything

`Hub` is its options plus one part per role:

- config.py     the generated ``jupyterhub_config.py`` (prelude, fragments, postlude)
- container.py  the container's lifecycle (start, wait_ready, wait_exit, stop, remove)
- machine.py    files and commands in the container (exec, read_file, docker CLI)
- faults.py     staged faults (squatters, stray proxies, reset_db) and held starts
- logs.py       what every place printed (observed, marks, wait_for_log, artefacts)
- users.py      the REST API, users' servers, DockerSpawner's containers
"""

from __future__ import annotations

import secrets
from pathlib import Path

import requests

from .config import (
    CHP,
    DEFAULT_TIMEOUTS,
    HUB_CONFIG,
    HUB_DB,
    HUB_DIR,
    SINGLEUSER_LOG_DIR,
    SPAWNERS,
    HubConfig,
    fragment_paths,
)
from .container import HubContainer
from .engine import Engine
from .faults import FaultStaging, StrayProxy
from .image import ImageInfo
from .logs import HubLogs, Mark
from .machine import ExecResult, HubMachine
from .systemd import INITS, SystemdInit
from .users import HubUsers

__all__ = [
    "CHP",
    "HUB_CONFIG",
    "HUB_DB",
    "HUB_DIR",
    "SINGLEUSER_LOG_DIR",
    "ExecResult",
    "Hub",
    "Mark",
    "StrayProxy",
]


class Hub(SystemdInit, HubConfig, HubContainer, HubMachine, FaultStaging, HubLogs, HubUsers):
    """One hub container (plus its network and its users' containers)."""

    def __init__(
        self,
        engine: Engine,
        image: ImageInfo | str,
        fragments=(),
        *,
        name: str = "hub",
        spawner: str | None = "local",
        config: str = "",
        env: dict | None = None,
        args=(),
        authenticator: str | None = "dummy",
        timeouts: dict | None = None,
        fast_imports: bool = True,
        docker_hub_connect: bool = True,
        mount_engine_socket: bool | None = None,
        volumes: dict | None = None,
        public_port: int = 8000,
        publish=(),
        base_url: str = "/",
        init: str | None = None,
        artefacts: Path | None = None,
    ):
        """
        fragments: paths of jupyterhub_config.py fragments, concatenated in order.
        config: more config text, appended after the fragments (for tests of the harness).
        spawner: "local" | "simple" | "docker" | None (fragments choose).
        env: extra environment of the hub container. args: extra ``jupyterhub`` arguments.
        authenticator: forced last ("dummy"), or None to leave it to the fragments.
        timeouts: Spawner timeouts set in the prelude (None: DEFAULT_TIMEOUTS; {}: none).
        fast_imports: PYTHONPATH=/opt/fastpath (see fastpath/), hub and servers.
        docker_hub_connect: with spawner="docker", listen on all interfaces and give the
            servers ``hub_connect_ip = "jupyterhub"``; False leaves the hub on 127.0.0.1.
        volumes: mounted in the hub's container, ``{volume or host path: container path}``
            (or the Docker SDK's ``{"bind": ..., "mode": ...}`` as the value).
        public_port: the container port published on 127.0.0.1 (JupyterHub.port).
        publish: more container ports to publish on 127.0.0.1 (a reverse proxy's 80 and
            443 in front of the hub: front.py); ``published_url(port)`` is where.
        init: None (the hub is PID 1) or "systemd": systemd is PID 1 and the hub one of
            its services (for SystemdSpawner; see systemd.py).
        """
        if spawner not in SPAWNERS:
            raise ValueError(f"spawner={spawner!r}: expected one of {list(SPAWNERS)}")
        if init not in INITS:
            raise ValueError(f"init={init!r}: expected one of {list(INITS)}")
        self.init = init
        self.engine = engine
        self.client = engine.client
        self.image = image.tag if isinstance(image, ImageInfo) else image
        self.jupyterhub_version = image.jupyterhub if isinstance(image, ImageInfo) else None
        self.fragments = fragment_paths(fragments)
        self.extra_config = config
        self.spawner = spawner
        self.env = dict(env or {})
        self.args = list(args)
        self.authenticator = authenticator
        self.timeouts = DEFAULT_TIMEOUTS if timeouts is None else dict(timeouts)
        self.fast_imports = fast_imports
        self.docker_hub_connect = docker_hub_connect
        self.mount_engine_socket = (
            spawner == "docker" if mount_engine_socket is None else mount_engine_socket
        )
        self.volumes = {
            source: target if isinstance(target, dict) else {"bind": target, "mode": "rw"}
            for source, target in (volumes or {}).items()
        }
        self.public_port = public_port
        self.publish = tuple(publish)
        self.published: dict[int, int] = {}  # container port -> host port, once created
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.id = secrets.token_hex(3)
        self.name = name
        self.container_name = f"jhts-{self.id}-{name}"
        self.network_name = f"jhts-{self.id}-net"
        self.user_prefix = f"jupyter-{self.id}"  # DockerSpawner.prefix: unique per hub
        self.driver_token = secrets.token_hex(32)
        self.artefacts = Path(artefacts) if artefacts else None
        self.container = None
        self.network = None
        self.host_port: int | None = None
        self.hub_ip: str | None = None  # the hub's address on its network (fixed)
        self._prestart: list[str] = []
        self._hold: str | None = None  # key of the latest hold_start()
        self._run_starts: list[int] = []  # log line count at each start
        self._start_marks: list[Mark] = []  # everything's length at each start
        self._start_times: list[float] = []
        self._http = requests.Session()
        self.ready_seconds: float | None = None
        self.removed = False
        self.shell: list[str] = []  # transcript of exec()/docker() commands, for observed()
        self._stopped_singleuser_files = None  # (stop, log files) while stopped: logs.py
