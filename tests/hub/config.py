"""The hub's ``jupyterhub_config.py``: prelude, the fragments, postlude.

1. the harness **prelude**: defaults a fragment may override (spawner and its wiring,
   short timeouts so failure scenarios cost seconds, single-user log files);
2. the fragments, concatenated in order (and ``config=`` text, for tests of the harness);
3. the harness **postlude**: only what the harness needs to drive and observe the hub
   (DummyAuthenticator unless ``authenticator=None``; a ``harness-driver`` service token
   merged into ``services``/``load_roles``; labels on DockerSpawner's containers).

Config that exists only for a test, never shown on a page, is a `scratch_fragment`.
"""

from __future__ import annotations

from pathlib import Path

from .errors import HarnessError

HUB_DIR = "/srv/jupyterhub"  # the hub's working directory: its config, database, secret
HUB_CONFIG = f"{HUB_DIR}/jupyterhub_config.py"
HUB_DB = f"{HUB_DIR}/jupyterhub.sqlite"
HARNESS_DIR = "/opt/harness"
SINGLEUSER_LOG_DIR = "/var/log/singleuser"
CHP = "/opt/chp/node_modules/.bin/configurable-http-proxy"
PY = "/usr/bin/python3"  # the image's system python: for helpers, independent of PATH
HUB_ALIAS = "jupyterhub"  # the hub's name on its network
DRIVER = "harness-driver"

# A failing start is noticed by poll_interval (2 s, not 30 s), so a crashing server costs
# seconds. http_timeout stays JupyterHub's own 30 s: a healthy container server on a
# loaded 2-core machine has taken 13 s to answer. A scenario about the timeout sets its
# own short one; a fragment may set its own (e.g. a documented fix that raises it).
DEFAULT_TIMEOUTS = {"http_timeout": 30, "start_timeout": 30, "poll_interval": 2}

SPAWNERS = {
    "local": "localprocess",  # LocalProcessSpawner: users exist in the image (you, alice...)
    "simple": "simple",  # SimpleLocalProcessSpawner: runs as root, hence --allow-root
    "docker": "docker",  # DockerSpawner: one container per user on the hub's network
    None: None,  # leave spawner_class to the fragments
}


def scratch_fragment(tmp_path: Path, name: str, text: str) -> Path:
    """A config fragment that exists only for the test (never shown on a page): what
    stands in for a slow server, a network without DNS, a timeout shortened."""
    path = tmp_path / f"test-only-{name}.py"
    path.write_text(f"# test-only: {name}\n{text}")
    return path


def fragment_paths(fragments) -> list[Path]:
    paths = [Path(f) for f in fragments]
    for f in paths:
        if not f.is_file():
            raise HarnessError(f"config fragment not found: {f}")
    return paths


class HubConfig:
    """The config text of a Hub, from its options (set in Hub.__init__)."""

    def _prelude(self) -> str:
        lines = [
            "# ---- harness prelude: defaults; the fragments below may override them ----",
            "c = get_config()  # noqa",
        ]
        for key, value in self.timeouts.items():
            lines.append(f"c.Spawner.{key} = {value!r}")
        kind = SPAWNERS[self.spawner]
        if kind:
            lines.append(f"c.JupyterHub.spawner_class = {kind!r}")
        if self.spawner in ("local", "simple"):
            # Each server's output in its own file (hub.singleuser_log); pid unchanged.
            lines.append(
                "c.Spawner.cmd = ['/bin/sh', '-c', "
                f'\'exec "$@" >>"{SINGLEUSER_LOG_DIR}/$JUPYTERHUB_USER.log" 2>&1\', '
                "'sh', 'jupyterhub-singleuser']"
            )
        if self.spawner == "simple":
            lines.append("c.Spawner.args = ['--allow-root']  # it runs as the hub's user: root")
        if self.spawner == "docker":
            lines += [
                f"c.DockerSpawner.image = {self.image!r}",
                f"c.DockerSpawner.network_name = {self.network_name!r}",
                "c.DockerSpawner.use_internal_ip = True",
                "c.DockerSpawner.pull_policy = 'never'",
                f"c.DockerSpawner.prefix = {self.user_prefix!r}",
                "c.DockerSpawner.cmd = ['jupyterhub-singleuser']",
                "c.DockerSpawner.notebook_dir = '/home/jovyan'",
                "c.DockerSpawner.extra_create_kwargs = {'user': '1000'}  # jovyan",
            ]
            if self.docker_hub_connect:
                lines += [
                    "c.JupyterHub.hub_ip = '0.0.0.0'",
                    f"c.JupyterHub.hub_connect_ip = {HUB_ALIAS!r}",
                ]
        return "\n".join(lines) + "\n"

    def _postlude(self) -> str:
        labels = self.engine.labels("singleuser", hub=self.id)
        scopes = ["admin:users", "admin:servers", "list:users", "read:users", "tokens", "proxy"]
        out = [
            "# ---- harness postlude: what the harness needs to drive and observe this hub ----",
            "def _harness_postlude(c):",
            "    import inspect",
            "    def extend(section, key, item):",
            "        cur = section.get(key)",
            "        if cur is None:",
            "            section[key] = [item]",
            "        elif isinstance(cur, (list, tuple)):",
            "            section[key] = [x for x in cur if x.get('name') != item['name']] + [item]",
            "        else:  # a LazyConfigValue from .append()",
            "            cur.append(item)",
            f"    extend(c.JupyterHub, 'services', {{'name': {DRIVER!r}, "
            f"'api_token': {self.driver_token!r}}})",
            f"    extend(c.JupyterHub, 'load_roles', {{'name': {DRIVER!r}, "
            f"'services': [{DRIVER!r}], 'scopes': {scopes!r}}})",
        ]
        if self.authenticator:
            out.append(f"    c.JupyterHub.authenticator_class = {self.authenticator!r}")
        if self.spawner not in ("docker", None):
            out += ["_harness_postlude(c)", "del _harness_postlude", ""]
            return "\n".join(out)
        # Labels on DockerSpawner's containers, so cleanup finds them whatever a fragment set.
        out += [
            f"    labels = {labels!r}",
            "    ek = c.DockerSpawner.get('extra_create_kwargs')",
            "    if ek is None or isinstance(ek, dict):",
            "        ek = dict(ek or {})",
            "        ek['labels'] = {**ek.get('labels', {}), **labels}",
            "        c.DockerSpawner.extra_create_kwargs = ek",
            "    elif callable(ek):",
            "        async def with_labels(spawner, _f=ek):",
            "            r = _f(spawner)",
            "            if inspect.isawaitable(r):",
            "                r = await r",
            "            r = dict(r or {})",
            "            r['labels'] = {**r.get('labels', {}), **labels}",
            "            return r",
            "        c.DockerSpawner.extra_create_kwargs = with_labels",
            "    else:  # a LazyConfigValue from .update()",
            "        ek.update({'labels': labels})",
        ]
        if self.fast_imports:
            # LocalProcessSpawner passes PYTHONPATH on (env_keep); containers need it set.
            out += [
                "    env = c.DockerSpawner.get('environment')",
                "    if env is None or (isinstance(env, dict) and 'PYTHONPATH' not in env):",
                "        env = {**(env or {}), 'PYTHONPATH': '/opt/fastpath'}",
                "        c.DockerSpawner.environment = env",
            ]
        out += ["_harness_postlude(c)", "del _harness_postlude", ""]
        return "\n".join(out)

    def config_text(self) -> str:
        parts = [self._prelude()]
        for f in self.fragments:
            parts.append(f"# ---- fragment: {f} ----\n{f.read_text()}\n")
        if self.extra_config:
            parts.append(f"# ---- inline config ----\n{self.extra_config}\n")
        parts.append(self._postlude())
        return "\n".join(parts)

    def reconfigure(self, fragments) -> None:
        """Other config fragments (the page's fix, as an admin edits jupyterhub_config.py),
        read at the hub's next start: a stopped or held hub, or restart() a running one.
        The prelude, ``config=`` text and postlude stay."""
        self.fragments = fragment_paths(fragments)
        if self.container is not None:
            self._put_files({HUB_CONFIG.lstrip("/"): self.config_text().encode()})

    def _fragment_hints(self) -> str:
        """The fragments that do not compile, for the message of a hub that exited."""
        hints = []
        for f in self.fragments:
            try:
                compile(f.read_text(), str(f), "exec")
            except SyntaxError as exc:
                hints.append(f"  {f}:{exc.lineno}: SyntaxError: {exc.msg}")
        if self.extra_config:
            try:
                compile(self.extra_config, "<inline config>", "exec")
            except SyntaxError as exc:
                hints.append(f"  inline config:{exc.lineno}: SyntaxError: {exc.msg}")
        return ("\nConfig that does not compile:\n" + "\n".join(hints)) if hints else ""
