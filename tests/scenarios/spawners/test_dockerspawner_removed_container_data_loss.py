"""spawners/dockerspawner-removed-container-data-loss: DockerSpawner's remove = True
deletes each user's container, and with it whatever the user saved outside a volume.

The first test turns remove on in a hub whose users have kept containers (DockerSpawner's
default, remove = False), as an admin does to apply a new image: the next start deletes the
kept container, and every stop after that deletes the new one. The second runs the page's
fix: the files of a kept container copied into the user's new volume first, then a named
volume per user mounted on the folder the file browser opens in. Its user names are random,
so that the volumes they get (jupyterhub-user-<name>) are this test's own; it removes them.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest

from tests.hub.sections import container_suffix, fragment, run_section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "dockerspawner-removed-container-data-loss"
BROKEN = fragment(f"spawners/{ENTRY}/broken.py")
FIX = fragment(f"spawners/{ENTRY}/fix.py")
CHECK = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"
VERIFY = f"spawners/{ENTRY}/verify.sh"


def add_users(hub, *users: str) -> None:
    for user in users:
        assert hub.api("POST", f"users/{user}").status_code == 201, user


def save(hub, user: str, path: str) -> None:
    """The user saves a file in their server (as the notebook's Save does)."""
    done = hub.exec_user(user, ["sh", "-c", f"echo 'day 1 results' > {path}"])
    assert done.exit_code == 0, done.output


def exists(hub, user: str, path: str) -> bool:
    return hub.exec_user(user, ["test", "-f", path]).exit_code == 0


def inspect_container(hub, user: str) -> str:
    """The page's check: AutoRemove and the mounts of the user's container."""
    done = run_section(CHECK, "container", env=hub.engine.env, name=container_suffix(hub, user))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.reproduces(
    "dockerspawner-removed-container-data-loss",
    "cleaned-up",
    "removing-container",
    "container-gone",
    "created",
)
def test_remove_deletes_what_users_saved(hub_factory, symptoms):
    # DockerSpawner's default: the container is kept when the server stops.
    hub = hub_factory([], spawner="docker").start()
    add_users(hub, "you")
    hub.start_server("you")
    save(hub, "you", "/home/jovyan/results.csv")
    hub.stop_server("you")
    kept = run_section(CHECK, "kept", env=hub.engine.env)
    assert re.search(rf"^{hub.user_container_name('you')}\tExited", kept.stdout, re.M), kept

    # The admin turns remove on. The next start deletes the kept container, files and all.
    hub.reconfigure([BROKEN])
    hub.restart()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    hub.start_server("you")
    assert not exists(hub, "you", "/home/jovyan/results.csv")
    checked = inspect_container(hub, "you")
    assert "remove when stopped: true" in checked and "mounts: none" in checked, checked

    # From now on every stop deletes the container, and every start makes a new one.
    save(hub, "you", "/home/jovyan/results.csv")
    hub.stop_server("you")
    assert hub.user_container("you") is None
    hub.start_server("you")
    assert not exists(hub, "you", "/home/jovyan/results.csv")

    # A restart of the hub stops the running servers, so it deletes their containers too.
    save(hub, "you", "/home/jovyan/results.csv")
    hub.restart()
    assert hub.user_container("you") is None

    found = symptoms.all_seen(hub.observed())
    name = hub.user_container_name("you")
    assert all(name in line for line in found[ENTRY, "cleaned-up"]), found
    log = run_section(
        CHECK, "log", env=hub.engine.env, name=container_suffix(hub, "you"), hub=hub.container_name
    )
    assert log.returncode == 0, log.stderr
    for wording in ("container that should have been cleaned up", "Removing container"):
        assert wording in log.stdout, log.stdout


def listing(browser: UserClient, user: str) -> list[str]:
    """The names the user's file browser shows at its top (the contents API); through
    OAuth first, as a new server's cookie is the browser's to get again."""
    assert browser.working_server(user), browser.trail()
    hop = browser.get(f"user/{user}/api/contents/")
    assert hop.status == 200, hop
    return sorted(item["name"] for item in json.loads(hop.body)["content"])


def test_volume_keeps_files_and_rescue_copies_kept_ones(hub_factory, engine, symptoms):
    first, second = f"u{secrets.token_hex(3)}", f"u{secrets.token_hex(3)}"
    volumes = [f"jupyterhub-user-{first}", f"jupyterhub-user-{second}"]
    hub = hub_factory([], spawner="docker").start()
    add_users(hub, first, second)
    try:
        # Before the fix: the first user's work is in a kept container.
        hub.start_server(first)
        save(hub, first, "/home/jovyan/results.csv")
        hub.stop_server(first)

        # The page's rescue, before remove is turned on: into the volume the fix mounts.
        rescued = run_section(
            FIX_SH,
            "rescue",
            env=engine.env,
            name=first,
            container=hub.user_container_name(first),
        )
        assert rescued.returncode == 0, rescued.stderr
        assert "results.csv" in rescued.stdout, rescued.stdout

        hub.reconfigure([BROKEN, FIX])
        hub.restart()
        assert not check_names(hub, ENTRY)
        browser = UserClient.with_server(hub, first)
        # The start deleted the kept container (the warning is expected here); the files
        # are in the volume, where the file browser opens.
        assert re.search(
            rf"should have been cleaned up: {hub.user_container_name(first)} ",
            hub.hub_log(run=-1),
        )
        assert "results.csv" in listing(browser, first)
        checked = inspect_container(hub, first)
        assert f"volume {volumes[0]} on /home/jovyan/work" in checked, checked

        # Saved, stopped (the container is deleted), started again: still there.
        save(hub, first, "/home/jovyan/work/day2.csv")
        hub.stop_server(first)
        assert hub.user_container(first) is None
        hub.start_server(first)
        assert {"results.csv", "day2.csv"} <= set(listing(browser, first))

        # A user who never had a container: a new, empty volume they can write to.
        hub.start_server(second)
        save(hub, second, "/home/jovyan/work/notes.txt")
        hub.stop_server(second)
        hub.start_server(second)
        assert exists(hub, second, "/home/jovyan/work/notes.txt")

        listed = run_section(VERIFY, "volumes", env=engine.env)
        assert set(volumes) <= set(listed.stdout.split()), listed
    finally:
        for user in (first, second):
            container = hub.user_container(user)
            if container is not None:
                container.remove(force=True)
        for volume in volumes:
            try:
                engine.client.volumes.get(volume).remove(force=True)
            except Exception:  # noqa: BLE001 - not created when the test failed early
                pass
