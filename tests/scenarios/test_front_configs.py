"""Every reverse-proxy configuration the guide shows passes its server's own syntax check.

The real nginx, Apache httpd and Caddy of the hub image check each snippet named
`*.nginx.conf`, `*.apache.conf` or `*Caddyfile` (`nginx -t`, `apache2ctl -t`,
`caddy validate`), installed as the site a reverse proxy in front of a hub serves. A file
that shows a configuration the server refuses, on purpose, says so on its first line
(`# rejected by nginx -t`) and must then be refused. Whether a configuration also works
end to end (login, spawn, a kernel's websocket) is its entry's scenario.
"""

from __future__ import annotations

import pytest

from tests.hub.front import KINDS, FrontServer, install_stand_in_certificates, snippet_configs
from tests.hub.util import REPO_ROOT

pytestmark = pytest.mark.scenario

SNIPPETS = REPO_ROOT / "snippets"
CONFIGS = snippet_configs(SNIPPETS)


@pytest.fixture(scope="module")
def machine(module_hub_factory):
    """One hub's machine for all the checks (the servers are in its image)."""
    hub = module_hub_factory(publish=(80,)).start()
    install_stand_in_certificates(hub)  # what TLS configurations load to pass the check
    return hub


def test_the_guide_shows_configurations_of_each_server():
    kinds = {kind for _, kind in CONFIGS}
    assert kinds == set(KINDS), f"no snippet configures {sorted(set(KINDS) - kinds)}"


@pytest.mark.parametrize(
    "path,kind", CONFIGS, ids=[str(p.relative_to(SNIPPETS)) for p, _ in CONFIGS]
)
def test_configuration_passes_its_servers_syntax_check(machine, path, kind):
    spec = KINDS[kind]
    text = path.read_text()
    first = text.splitlines()[0] if text.strip() else ""
    rejected = first.startswith("# rejected by")
    if rejected:
        assert first == spec.rejected, (
            f"{path.relative_to(REPO_ROOT)}: first line {first!r}: a {kind} configuration "
            f"refused on purpose starts with {spec.rejected!r}"
        )
    result = FrontServer(machine, kind).install(path)
    if rejected:
        assert result.exit_code != 0, (
            f"{path.relative_to(REPO_ROOT)} says it is rejected, but `{spec.check}` accepts "
            f"it:\n{result.output}"
        )
    else:
        assert result.exit_code == 0, (
            f"{path.relative_to(REPO_ROOT)}: `{spec.check}` refuses it:\n{result.output}"
        )
