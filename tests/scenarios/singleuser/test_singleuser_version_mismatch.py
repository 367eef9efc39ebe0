"""singleuser-version-mismatch: a hub of one JupyterHub release and a user's server whose
image holds another, as after upgrading only the hub. A file cannot say it: the users'
image is a second harness image, of another JupyterHub release.

Test-only staging: the page's image names (quay.io/jupyterhub/singleuser:5.5.4 and 6.1.1)
are tags of the harness's own images of those releases, made on the engine for the test and
removed at its end; the harness's pull_policy "never" stays, so nothing is pulled. On a hub
of a release other than 6.x (HUB_JUPYTERHUB_VERSION), a scratch fragment points the users'
image at an image of another release instead, and the fix at the hub's own.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import (
    container_suffix,
    exec_section,
    fragment,
    remove_user_container,
    run_section,
)
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-version-mismatch"
BROKEN = fragment(f"singleuser/{ENTRY}/broken.py")
FIX = fragment(f"singleuser/{ENTRY}/fix.py")
CHECK = f"singleuser/{ENTRY}/check.sh"
OLD_IMAGE = "quay.io/jupyterhub/singleuser:5.5.4"  # broken.py's
NEW_IMAGE = "quay.io/jupyterhub/singleuser:6.1.1"  # fix.py's
# The release of the users' image before the fix: 5.5.4 under a 6.x or 4.x hub, 6.1.1
# under a 5.x hub.
OTHER = "6.1.1" if HUB_VERSION.startswith("5.") else "5.5.4"


@contextmanager
def tagged(engine, tags: dict[str, str]):
    """Each name in ``tags`` a tag of the harness image of its release, as `docker pull`
    would leave it; the tags only are removed at the end."""
    made = []
    try:
        for name, image in tags.items():
            engine.client.images.get(image).tag(*name.rsplit(":", 1))
            made.append(name)
        yield
    finally:
        for name in made:
            engine.client.images.remove(name)


@pytest.mark.reproduces(
    "singleuser-version-mismatch",
    "hub-mismatch-warning",
    "singleuser-mismatch-warning",
)
def test_hub_and_server_of_different_releases(hub_factory, images, engine, symptoms, tmp_path):
    old, own = images(OTHER), images(HUB_VERSION)
    if HUB_VERSION.startswith("6."):
        broken, fixed = [BROKEN], [BROKEN, FIX]
        tags = {OLD_IMAGE: old.tag, NEW_IMAGE: own.tag}
    else:  # test-only: the same mismatch around another hub release
        other_image = scratch_fragment(
            tmp_path, "other-release", f"c.DockerSpawner.image = {old.tag!r}\n"
        )
        own_image = scratch_fragment(
            tmp_path, "own-release", f"c.DockerSpawner.image = {own.tag!r}\n"
        )
        broken, fixed = [BROKEN, other_image], [BROKEN, own_image]
        tags = {}
    with tagged(engine, tags):
        hub = hub_factory(broken, spawner="docker").start()
        user = UserClient(hub)
        user.login("you")
        spawn = user.spawn("you")
        assert spawn.ready, f"{spawn.message}\n{user.trail()}"
        # The server works: between these releases the warning is the only sign.
        page = user.open("user/you/files/hello.txt")
        assert page.status == 200, user.trail()
        hub.wait_for_log(r"!= jupyterhub-singleuser version", source="singleuser:you")
        seen = hub.observed(user)
        lines = symptoms.all_seen(seen)
        expected = f"jupyterhub version {HUB_VERSION} != jupyterhub-singleuser version {OTHER}."
        assert all(expected in line for found in lines.values() for line in found), lines
        print("\n".join(line for found in lines.values() for line in found))

        # The page's diagnosis: the hub's version, and the one the server started with.
        told = exec_section(hub, CHECK, "hub-version")
        assert told.exit_code == 0 and told.stdout.strip() == HUB_VERSION, told.output
        name = container_suffix(hub, "you")
        started = run_section(CHECK, "server-version", env=engine.env, name=name)
        assert f"server extension version {OTHER}" in started.stdout, (
            started.stdout + started.stderr
        )

        # The fix: the users' image of the hub's release; the old container removed.
        hub.stop_server("you")
        hub.reconfigure(fixed)
        remove_user_container(hub, "you")
        hub.restart()
        fresh = UserClient(hub)
        fresh.login("you")
        spawn = fresh.spawn("you")
        assert spawn.ready, f"{spawn.message}\n{fresh.trail()}"
        assert fresh.working_server("you"), fresh.trail()
        started = run_section(CHECK, "server-version", env=engine.env, name=name)
        assert f"server extension version {HUB_VERSION}" in started.stdout, started.stdout
        symptoms.all_gone(hub.observed(fresh, run=-1))
