"""singleuser/disk-full-no-space-left: a full filesystem under the user's server or under
the hub's database.

A size-limited tmpfs stands in for a small volume: over the home of DockerSpawner's
server (extra_host_config, a test-only fragment), or as the folder of the hub's SQLite
database (a tmpfs volume of the engine, mounted in the hub's container). The scenarios
fill it as a user's data set does, then save through jupyter_server's contents API (a
PUT with the server's XSRF cookie, what JupyterLab's Save sends), start a server, or log
in; then the page's diagnosis and fix, run for real.

What scenario.yaml cannot say: PUT requests with the server's XSRF token, a home filled
between two requests, a hub volume made and removed by the test.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment, remove_user_container, section, with_parameters
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "disk-full-no-space-left"
FOLDER = f"singleuser/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX_SH = f"{FOLDER}/fix.sh"
VERIFY = f"{FOLDER}/verify.sh"
FIX = fragment(f"{FOLDER}/fix.py")
HOME = "/home/jovyan"
FILLER = f"{HOME}/dataset.bin"  # the user's download that fills the home
HUB_DATA = "/srv/jupyterhub/data"
# A notebook as JupyterLab saves a new one: no cells, so it is trusted and signed.
NOTEBOOK = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def small_home(tmp_path, engine):
    """A home of 16 MiB: a small volume, as a per-user volume, PVC or quota can be. The
    user owns it (Podman: U; Docker's tmpfs is open to all, mode 1777)."""
    options = "size=16m,U" if engine.kind == "podman" else "size=16m"
    return scratch_fragment(
        tmp_path,
        "small-home",
        f"c.DockerSpawner.extra_host_config = {{'tmpfs': {{{HOME!r}: {options!r}}}}}\n",
    )


def full_at_start(tmp_path):
    """The user's data fill the home before the server starts (the tmpfs is new at each
    start, where a volume would still be full)."""
    return scratch_fragment(
        tmp_path,
        "full-at-start",
        "c.DockerSpawner.cmd = ['sh', '-c', "
        f"'dd if=/dev/zero of={FILLER} bs=1M 2>/dev/null; exec jupyterhub-singleuser \"$@\"', "
        "'sh']\n",
    )


def run_in_server(hub, user: str, rel: str, name: str, **values: str):
    """A page's shell section where the user's server runs, as the user (a terminal in
    JupyterLab, docker exec): here the user's container."""
    script = with_parameters(section(rel, name), **values)
    return hub.exec_user(user, ["sh", "-c", f"# snippets/{rel} [{name}]\nset -e\n{script}"])


def fill(hub, user: str) -> None:
    """What a user's download does: write until the filesystem is full."""
    done = hub.exec_user(user, ["sh", "-c", f"dd if=/dev/zero of={FILLER} bs=1M"])
    assert "No space left on device" in done.output, done.output


def save(browser: UserClient, user: str, path: str, model: dict):
    """JupyterLab's Save: PUT /user/<name>/api/contents/<path>, with the server's _xsrf
    cookie (path /user/<name>/) in X-XSRFToken."""
    token = next(
        c.value
        for c in browser.session.cookies
        if c.name == "_xsrf" and c.path.startswith(f"/user/{user}/")
    )
    return browser.request(
        "PUT",
        f"user/{user}/api/contents/{path}",
        data=json.dumps(model),
        headers={
            "Content-Type": "application/json",
            "X-XSRFToken": token,
            "Sec-Fetch-Mode": "cors",
            "Sec-Fetch-Dest": "empty",
        },
    )


def text_file(text: str) -> dict:
    return {"type": "file", "format": "text", "content": text}


def notebook() -> dict:
    return {"type": "notebook", "format": "json", "content": NOTEBOOK}


@pytest.mark.reproduces(
    "disk-full-no-space-left",
    "save-no-space",
    "save-no-space-answer",
    "save-new-file-log",
    "save-new-file-answer",
    "trust-db-full",
    "trust-db-full-answer",
    "signature-store-recreating",
)
def test_save_fails_when_home_full(hub_factory, engine, tmp_path, symptoms):
    hub = hub_factory([small_home(tmp_path, engine)], spawner="docker").start()
    browser = UserClient.with_server(hub, "you")
    # Work saved while there is room: a file, and a notebook (its signature database).
    assert save(browser, "you", "notes.txt", text_file("day 1\n")).status == 201
    assert save(browser, "you", "first.ipynb", notebook()).status == 201

    fill(hub, "you")
    mark = hub.mark()
    again = save(browser, "you", "notes.txt", text_file("day 2\n"))  # Save of an open file
    assert again.status == 500, again
    new = save(browser, "you", "analysis.txt", text_file("x" * 200_000))  # a new file
    assert new.status == 500, new
    untitled = save(browser, "you", "Untitled.ipynb", notebook())  # File > New > Notebook
    assert untitled.status == 500, untitled
    found = symptoms.all_seen(hub.observed(browser, since=mark))
    assert "[Errno 28]" in json.loads(again.body)["message"], again.body
    assert any("/home/jovyan/.~analysis.txt" in line for line in found[ENTRY, "save-new-file-log"])

    # The page's diagnosis, where the server runs: the home is full, and of what.
    space = run_in_server(hub, "you", CHECK, "space", home=HOME)
    assert space.exit_code == 0, space.output
    assert re.search(r"\s100% /home/jovyan$", space.stdout, re.M), space.stdout
    largest = run_in_server(hub, "you", CHECK, "largest", home=HOME)
    assert largest.exit_code == 0, largest.output
    assert re.search(rf"^1[56]M\s+{FILLER}$", largest.stdout, re.M), largest.stdout
    still_full = run_in_server(hub, "you", VERIFY, "verify", dir=HOME)
    assert still_full.exit_code != 0 and " 0 KiB free" in still_full.stdout, still_full.output

    # The fix: the user deletes the file they chose from that list; saving works again.
    removed = run_in_server(hub, "you", FIX_SH, "remove", file=FILLER)
    assert removed.exit_code == 0 and f"removed '{FILLER}'" in removed.stdout, removed.output
    verify = run_in_server(hub, "you", VERIFY, "verify", dir=HOME)
    assert verify.exit_code == 0 and "there is space" in verify.stdout, verify.output
    mark = hub.mark()
    after = UserClient.with_server(hub, "you")
    assert save(after, "you", "notes.txt", text_file("day 2\n")).status == 200
    assert save(after, "you", "analysis.txt", text_file("x" * 200_000)).status == 200
    assert save(after, "you", "Untitled.ipynb", notebook()).status in (200, 201)
    symptoms.all_gone(hub.observed(after, since=mark))


@pytest.mark.reproduces(
    "disk-full-no-space-left", "server-info-no-space", "cookie-secret-no-space", "oserror-28"
)
def test_server_cannot_start_when_home_full(hub_factory, engine, tmp_path, symptoms):
    fragments = [small_home(tmp_path, engine), full_at_start(tmp_path)]
    # fast_imports=False: the harness would set DockerSpawner.environment, which takes
    # precedence over the page's Spawner.environment.
    timeouts = {"http_timeout": 15, "start_timeout": 30, "poll_interval": 2}
    hub = hub_factory(fragments, spawner="docker", fast_imports=False, timeouts=timeouts)
    hub.start()
    UserClient.with_failed_spawn(hub, "you", timeout=60)
    hub.wait_for_log(r"OSError: \[Errno 28\] No space left on device", 10, "singleuser:you")
    symptoms.all_seen(hub.observed())
    assert "never showed up" in hub.hub_log(), hub.hub_log()[-3000:]

    # The fix: runtime files in the container's /tmp, in a new container (DockerSpawner
    # starts an existing one as it was created).
    hub.reconfigure([*fragments, FIX])
    hub.restart()
    remove_user_container(hub, "you")
    mark = hub.mark()
    after = UserClient.with_server(hub, "you", timeout=60)
    symptoms.all_gone(hub.observed(after, since=mark))
    # The home is still full, but the server runs: the user can see and free it.
    space = run_in_server(hub, "you", CHECK, "space", home=HOME)
    assert re.search(r"\s100% /home/jovyan$", space.stdout, re.M), space.stdout
    removed = run_in_server(hub, "you", FIX_SH, "remove", file=FILLER)
    assert removed.exit_code == 0, removed.output
    verify = run_in_server(hub, "you", VERIFY, "verify", dir=HOME)
    assert verify.exit_code == 0 and "there is space" in verify.stdout, verify.output


@pytest.mark.reproduces("disk-full-no-space-left", "sqlite-full")
def test_hub_database_on_full_disk(hub_factory, engine, tmp_path, symptoms):
    # A 2 MiB filesystem for the hub's data directory (nr_blocks: Podman reads size= as
    # a quota request); labelled, and removed by the test.
    volume = engine.client.volumes.create(
        name=f"jhts-{ENTRY}-{secrets.token_hex(3)}",
        driver="local",
        driver_opts={"type": "tmpfs", "device": "tmpfs", "o": "nr_blocks=512"},
        labels={**engine.labels("volume"), "jhts": ENTRY},
    )
    hub = None
    try:
        db_url = scratch_fragment(
            tmp_path,
            "db-on-small-disk",
            f"c.JupyterHub.db_url = 'sqlite:///{HUB_DATA}/jupyterhub.sqlite'\n",
        )
        hub = hub_factory([db_url], volumes={volume.name: HUB_DATA}).start()
        # Something else on the same disk fills it (a backup, logs, images).
        filled = hub.exec(f"dd if=/dev/zero of={HUB_DATA}/backup.tar bs=64k")
        assert "No space left on device" in filled.output, filled.output
        mark = hub.mark()
        browser = UserClient(hub)
        refused = browser.login("you")  # the hub adds the user to its database: refused
        assert refused.status == 500, browser.trail()
        symptoms.all_seen(hub.observed(browser, since=mark))

        # The page's diagnosis on the hub's machine: the disk is full, and of what.
        checked = hub.exec(with_parameters(section(CHECK, "hub"), dir=HUB_DATA))
        assert re.search(rf"\s100% {HUB_DATA}$", checked.stdout, re.M), checked.output
        assert f"{HUB_DATA}/backup.tar" in checked.stdout, checked.output

        # The fix: delete what the admin chose; the running hub works again, no restart.
        removed = hub.exec(
            with_parameters(section(FIX_SH, "remove"), file=f"{HUB_DATA}/backup.tar")
        )
        assert removed.exit_code == 0, removed.output
        verify = hub.exec(with_parameters(section(VERIFY, "verify"), dir=HUB_DATA))
        assert verify.exit_code == 0 and "there is space" in verify.stdout, verify.output
        mark = hub.mark()
        after = UserClient.with_server(hub, "you")
        symptoms.all_gone(hub.observed(after, since=mark))
    finally:
        if hub is not None:
            hub.remove()
        volume.remove(force=True)
