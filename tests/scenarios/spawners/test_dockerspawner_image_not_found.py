"""spawners/dockerspawner-image-not-found: DockerSpawner's user image cannot be found or
pulled, or the image a user chose is refused by allowed_images.

Network safety: the missing image's registry is ``localhost:5999``, where nothing listens,
so the engine's pull fails on this machine. The image of the fix is the harness's own image,
tagged ``quay.io/jupyter/scipy-notebook:2025-10-20`` for the test (it stands for an image
pulled on the Docker host before users need it) and untagged at the end; the fixed hubs
keep the harness's ``pull_policy = "never"``, so nothing is ever pulled from quay.io.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "dockerspawner-image-not-found"
BROKEN = fragment(f"spawners/{ENTRY}/broken.py")
FIX = fragment(f"spawners/{ENTRY}/fix.py")
FORM = fragment(f"spawners/{ENTRY}/options-form.py")
ALLOWED = fragment(f"spawners/{ENTRY}/allowed.py")
CHECK = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"
MISSING = "localhost:5999/jupyter/scipy-notebook:2025-13-01"  # broken.py's image
PRESENT = "quay.io/jupyter/scipy-notebook:2025-10-20"  # fix.py's, and allowed.py's "Python (scipy)"

# Test-only: DockerSpawner's own default, which the harness prelude turns to "never".
IF_NOT_PRESENT = 'c.DockerSpawner.pull_policy = "ifnotpresent"\n'
NEVER = 'c.DockerSpawner.pull_policy = "never"\n'
# Test-only: the mistake the page warns about, a string where a list belongs.
ONE_IMAGE_STRING = f'c.DockerSpawner.allowed_images = "{PRESENT}"\n'


@contextmanager
def present_on_engine(engine, hub):
    """The fix's image on the Docker host, as `docker pull` would leave it (a tag of the
    harness image: nothing is pulled)."""
    engine.client.images.get(hub.image).tag(*PRESENT.rsplit(":", 1))
    try:
        yield
    finally:
        engine.client.images.remove(PRESENT)  # the tag only: the harness image stays


def shell(result) -> str:
    return f"{result.stdout}{result.stderr}"


@pytest.mark.reproduces(
    "dockerspawner-image-not-found",
    "pulling-image",
    "podman-create-no-such-image",
    "spawn-failed-no-such-image",
    "podman-pull-refused",
)
def test_image_missing_and_unpullable(hub_factory, engine, symptoms, tmp_path):
    # DockerSpawner's default pull policy: it pulls the missing image, the pull fails.
    pull = scratch_fragment(tmp_path, "pull-if-not-present", IF_NOT_PRESENT)
    hub = hub_factory([BROKEN, pull], spawner="docker").start()
    user = UserClient(hub)
    user.login("you")
    assert user.spawn("you").failed, user.trail()
    hub.wait_for_log(r"Unhandled error starting you's server", source="hub")

    # The page's steps, on the Docker host: the image is missing, and a pull by hand says
    # why (localhost:5999: the engine's pull fails on this machine).
    inspect = run_section(CHECK, "inspect", env=engine.env, image=MISSING)
    assert inspect.returncode == 0 and f"missing: {MISSING}" in inspect.stdout, shell(inspect)
    pulled = run_section(FIX_SH, "prepull", env=engine.env, image=MISSING)
    assert pulled.returncode != 0, shell(pulled)
    observed = hub.observed(user)
    observed["shell"] += shell(pulled)
    symptoms.all_seen(observed)

    # The fix: an image that exists on the Docker host.
    with present_on_engine(engine, hub):
        inspect = run_section(CHECK, "inspect", env=engine.env, image=PRESENT)
        assert f"present: {PRESENT}" in inspect.stdout, shell(inspect)
        hub.reconfigure([BROKEN, FIX])  # the harness's pull_policy "never": no pull
        hub.restart()
        mark = hub.mark()
        fixed = UserClient.with_server(hub, "you")
        assert hub.user_container("you").attrs["Config"]["Image"] == PRESENT
        symptoms.all_gone(hub.observed(fixed, since=mark))


@pytest.mark.reproduces("dockerspawner-image-not-found", "podman-inspect-no-such-image")
def test_image_missing_with_pull_policy_never(hub_factory, symptoms, tmp_path):
    never = scratch_fragment(tmp_path, "pull-never", NEVER)
    hub = hub_factory([BROKEN, never], spawner="docker").start()
    user = UserClient(hub)
    user.login("you")
    assert user.spawn("you").failed, user.trail()
    hub.wait_for_log(r"Unhandled error starting you's server", source="hub")
    symptoms.all_seen(hub.observed(user))


def post_image(hub, user: str, image: str) -> UserClient:
    """The spawn form, submitted with ``image`` as its choice."""
    client = UserClient(hub)
    client.login(user)
    form = client.get("hub/spawn")
    assert form.status == 200 and 'name="image"' in form.body, client.trail()
    client.post("hub/spawn", data={"image": image, "_xsrf": client.xsrf})
    return client


def form_refused(client: UserClient) -> bool:
    """The form came back with its error: 400 from JupyterHub 5, 200 before."""
    last = client.history[-1]
    return last.method == "POST" and last.status in (200, 400) and "HTTP 400" in last.body


@pytest.mark.reproduces(
    "dockerspawner-image-not-found",
    "image-not-allowed",
    "image-not-allowed-before-5-5",
    "image-not-allowed-form",
    "image-not-in-allowed-list",
    "image-not-in-allowed-list-form",
    "allowed-images-string",
)
def test_allowed_images(hub_factory, engine, symptoms, tmp_path):
    # A form of the hub's own, without allowed_images: DockerSpawner refuses the choice.
    hub = hub_factory([FORM], spawner="docker")
    with present_on_engine(engine, hub):
        hub.start()
        refused = post_image(hub, "you", PRESENT)
        assert form_refused(refused), refused.trail()
        hub.wait_for_log(r"Specifying image to launch is not allowed", source="hub")
        symptoms.seen(ENTRY, "image-not-allowed", hub.observed(refused))
        symptoms.seen(ENTRY, "image-not-allowed-before-5-5", hub.observed(refused))
        symptoms.seen(ENTRY, "image-not-allowed-form", hub.observed(refused))

        # allowed_images added, the hub's own form kept: its values are not the labels.
        hub.reconfigure([FORM, ALLOWED])
        hub.restart()
        refused = post_image(hub, "you", PRESENT)
        assert form_refused(refused), refused.trail()
        hub.wait_for_log(r"not in allowed list", source="hub")
        symptoms.seen(ENTRY, "image-not-in-allowed-list", hub.observed(refused))
        symptoms.seen(ENTRY, "image-not-in-allowed-list-form", hub.observed(refused))

        # A string where a list belongs: every spawner of the hub fails to load.
        hub.reconfigure([scratch_fragment(tmp_path, "one-image-string", ONE_IMAGE_STRING)])
        hub.restart()
        broken = UserClient(hub)
        broken.login("alice")
        hub.wait_for_log(r"is the only accepted string value for allowed_images", source="hub")
        symptoms.seen(ENTRY, "allowed-images-string", hub.observed(broken))

        # The fix: allowed_images alone; DockerSpawner's own form offers its labels.
        hub.reconfigure([ALLOWED])
        hub.restart()
        mark = hub.mark()
        chosen = post_image(hub, "you", "Python (scipy)")
        assert chosen.spawn("you").ready, chosen.trail()
        assert chosen.working_server("you"), chosen.trail()
        assert hub.user_container("you").attrs["Config"]["Image"] == PRESENT
        symptoms.all_gone(hub.observed(chosen, since=mark))
