"""database/hub-state-not-persisted: a hub container replaced by a new one forgets its
users and cookie secret, until its state lives on a named volume."""

from __future__ import annotations

import secrets

import docker.errors
import pytest

from tests.hub.hub import HUB_DIR
from tests.hub.sections import fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "hub-state-not-persisted"


def logged_in_elsewhere(browser: UserClient, hub) -> UserClient:
    """The same browser (its cookies) pointed at a new container of the hub: it was
    recreated, and is published on another local port."""
    moved = UserClient(hub)
    moved.session.cookies.update(browser.session.cookies)
    return moved


@pytest.mark.reproduces(
    "hub-state-not-persisted", "writing-cookie-secret", "new-database", "invalid-or-expired-cookie"
)
def test_state_lost_when_container_is_recreated(hub_factory, engine, symptoms):
    # A hub whose state lives inside its container; a user logs in.
    first = hub_factory(name="first").start()
    browser = UserClient(first)
    browser.login("alice")
    assert browser.logged_in, browser.trail()
    first.stop()

    # The container is replaced by a new one of the same image and configuration.
    second = hub_factory(name="second").start()
    back = logged_in_elsewhere(browser, second)
    home = back.get("hub/home")
    assert home.path.startswith("/hub/login"), back.trail()  # logged out
    symptoms.all_seen(second.observed())
    assert second.user_model("alice") is None  # the user is gone with the database

    # The page's fix: a named volume (created with the page's command, for real, against
    # the engine), mounted at the data directory the fix's config points to.
    volume = f"jhts-data-{secrets.token_hex(4)}"
    fix = fragment(f"database/{ENTRY}/fix.py")
    hubs = []
    try:
        made = run_section(
            f"database/{ENTRY}/fix.sh", "create-volume", env=engine.env, volume=volume
        )
        assert made.returncode == 0, made.stderr
        mounted = {volume: f"{HUB_DIR}/data"}
        third = hub_factory([fix], name="third", volumes=mounted)
        hubs.append(third)
        third.start()
        browser = UserClient(third)
        browser.login("alice")
        assert browser.logged_in, browser.trail()
        third.stop()

        fourth = hub_factory([fix], name="fourth", volumes=mounted)
        hubs.append(fourth)
        fourth.start()
        back = logged_in_elsewhere(browser, fourth)
        home = back.get("hub/home")
        assert home.status == 200 and home.path.startswith("/hub/home"), back.trail()
        symptoms.all_gone(fourth.observed())
        assert fourth.user_model("alice") is not None
        checked = run_section(
            f"database/{ENTRY}/verify.sh", "verify", env=engine.env, name=fourth.container_name
        )
        assert "Loading cookie_secret from /srv/jupyterhub/data/" in checked.stdout, checked
        UserClient.with_server(fourth, "alice")  # and a server starts for her
    finally:
        for hub in hubs:  # before the volume they mount
            hub.remove()
        try:
            engine.client.volumes.get(volume).remove(force=True)
        except docker.errors.NotFound:
            pass
