"""singleuser-module-not-found: the environment or image that runs the users' servers has
no JupyterHub, or JupyterHub without a server for it to run. A file cannot say it: the
users' images are made for the test, and each server's output is sent to its log file.

Test-only staging:
- LocalProcessSpawner: the page's c.Spawner.cmd is run through the harness's own wrapper
  (``sh -c 'exec "$@" >>/var/log/singleuser/<user>.log'``), as the prelude does for the
  default command, so that the server's output lands in its log file.
- DockerSpawner: the page's image names are made on the engine from the harness image and
  removed at the end; the harness's pull_policy "never" stays, so nothing is pulled.
  ``quay.io/jupyterhub/jupyterhub:6.1.1`` (the hub's image) is the harness image without
  the jupyter_server package, as the hub's image is; ``python:3.12-slim`` (an image
  without JupyterHub) is the harness image without /opt/hub, where JupyterHub and its
  jupyterhub-singleuser are (Debian's python3 is left, as in a plain Python image).
  On a hub of another release (HUB_JUPYTERHUB_VERSION), both are made from that
  release's harness image whatever their names say.
- The fix's users' image is the harness image of the hub's release, named by a scratch
  fragment: the page's line for it (singleuser-version-mismatch/fix.py,
  ``quay.io/jupyterhub/singleuser:6.1.1``) is that entry's, proven by its scenario, which
  tags the name for its own run; tagging it here too would race with it (and with each
  other) when scenarios run side by side.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment, remove_user_container, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-module-not-found"
BROKEN = fragment(f"singleuser/{ENTRY}/broken.py")
FIX = fragment(f"singleuser/{ENTRY}/fix.py")
HUB_IMAGE = fragment(f"singleuser/{ENTRY}/hub-image.py")
PLAIN_IMAGE = fragment(f"singleuser/{ENTRY}/plain-image.py")
CHECK = f"singleuser/{ENTRY}/check.sh"
VERIFY = f"singleuser/{ENTRY}/verify.sh"

HUB_IMAGE_NAME = "quay.io/jupyterhub/jupyterhub:6.1.1"  # hub-image.py's
PLAIN_IMAGE_NAME = "python:3.12-slim"  # plain-image.py's
SITE = "/opt/hub/lib/python3.11/site-packages"
VERSION_LINE = re.compile(r"^\d+\.\d+\.\d+", re.M)  # what --version prints

# Test-only: the server's output into its log file, as the harness prelude does for the
# default command (the page's fragment replaces that command).
TO_LOG_FILE = (
    "c.Spawner.cmd = ['/bin/sh', '-c', "
    "'exec \"$@\" >>\"/var/log/singleuser/$JUPYTERHUB_USER.log\" 2>&1', 'sh'] "
    "+ list(c.Spawner.cmd)\n"
)


def shell(result) -> str:
    return f"{result.stdout}{result.stderr}"


@contextmanager
def made_images(engine, base: str, images: dict[str, str]):
    """Each name in ``images`` an image on the engine: the ``base`` image after the shell
    command given. Removed at the end."""
    made = []
    try:
        for name, script in images.items():
            repo, tag = name.rsplit(":", 1)
            c = engine.client.containers.run(
                base,
                ["sh", "-ec", script],
                entrypoint=[],
                detach=True,
                user="0",
                labels=engine.labels("helper"),
            )
            try:
                assert c.wait(timeout=120)["StatusCode"] == 0, c.logs().decode()
                c.commit(repository=repo, tag=tag)
            finally:
                c.remove(force=True)
            made.append(name)
        yield
    finally:
        for name in made:
            try:
                engine.client.images.remove(name)
            except Exception:  # still used by a container of a failed test: force it
                engine.client.images.remove(name, force=True)


def own_release_fix(tmp_path, hub) -> list:
    """The fix's users' image: one with JupyterHub and Jupyter Server, of the hub's release
    (test-only: the harness image, by its own name; see the module's docstring)."""
    return [scratch_fragment(tmp_path, "own-release", f"c.DockerSpawner.image = {hub.image!r}\n")]


@pytest.mark.reproduces("singleuser-module-not-found", "no-module-jupyterhub-spec")
def test_local_python_without_jupyterhub(hub_factory, symptoms, tmp_path):
    to_log = scratch_fragment(tmp_path, "to-log-file", TO_LOG_FILE)
    hub = hub_factory([BROKEN, to_log]).start()
    user = UserClient(hub)
    user.login("you")
    spawn = user.spawn("you")
    assert spawn.failed, f"{spawn.message}\n{user.trail()}"
    symptoms.all_seen(hub.observed(user))

    # The page's diagnosis: the command, as the user, asked for its version.
    told = exec_section(hub, CHECK, "command", name="you")
    assert "No module named 'jupyterhub'" in told.output, told.output
    assert not VERSION_LINE.search(told.output), told.output

    # The fix: the Python of the environment that has JupyterHub and Jupyter Server.
    hub.reconfigure([BROKEN, FIX, to_log])
    hub.restart()
    mark = hub.mark()
    done = exec_section(hub, VERIFY, "verify", name="you")
    assert done.exit_code == 0, done.output
    fixed = UserClient.with_server(hub, "you")
    assert fixed.working_server("you"), fixed.trail()
    symptoms.all_gone(hub.observed(fixed, since=mark))


@pytest.mark.reproduces(
    "singleuser-module-not-found", "no-module-jupyter-server", "failed-import-default-server"
)
def test_hub_image_as_users_image(hub_factory, engine, symptoms, tmp_path):
    hub = hub_factory([HUB_IMAGE], spawner="docker")
    no_server = f"rm -rf {SITE}/jupyter_server {SITE}/jupyter_server-*.dist-info"
    with made_images(engine, hub.image, {HUB_IMAGE_NAME: no_server}):
        hub.start()
        user = UserClient(hub)
        user.login("you")
        spawn = user.spawn("you")
        assert spawn.failed, f"{spawn.message}\n{user.trail()}"
        symptoms.all_seen(hub.observed(user))

        # The page's diagnosis: the image's jupyterhub-singleuser, asked for its version.
        told = run_section(CHECK, "image", env=engine.env, image=HUB_IMAGE_NAME)
        assert "No module named 'jupyter_server'" in shell(told) or (
            "Failed to import default single-user server" in shell(told)
        ), shell(told)
        assert not VERSION_LINE.search(told.stdout), shell(told)

        # The fix: an image made for the users, of the hub's release.
        hub.stop_server("you")
        hub.reconfigure([HUB_IMAGE, *own_release_fix(tmp_path, hub)])
        remove_user_container(hub, "you")
        hub.restart()
        mark = hub.mark()
        fixed = UserClient.with_server(hub, "you")
        assert fixed.working_server("you"), fixed.trail()
        symptoms.all_gone(hub.observed(fixed, since=mark))
        # The page's check: the fix's image has the hub's major version.
        done = run_section(
            VERIFY,
            "image",
            env=engine.env,
            image=hub.image,
            hub_container=hub.container.name,
        )
        assert done.returncode == 0, shell(done)


@pytest.mark.reproduces("singleuser-module-not-found", "oci-executable-not-found")
def test_image_without_jupyterhub(hub_factory, engine, symptoms, tmp_path):
    hub = hub_factory([PLAIN_IMAGE], spawner="docker")
    with made_images(engine, hub.image, {PLAIN_IMAGE_NAME: "rm -rf /opt/hub"}):
        hub.start()
        user = UserClient(hub)
        user.login("you")
        spawn = user.spawn("you")
        assert spawn.failed, f"{spawn.message}\n{user.trail()}"
        symptoms.all_seen(hub.observed(user))

        # The page's diagnosis: there is no jupyterhub-singleuser to run.
        told = run_section(CHECK, "image", env=engine.env, image=PLAIN_IMAGE_NAME)
        assert "no jupyterhub-singleuser in this image" in told.stdout, shell(told)
        assert not VERSION_LINE.search(told.stdout), shell(told)

        hub.reconfigure([PLAIN_IMAGE, *own_release_fix(tmp_path, hub)])
        remove_user_container(hub, "you")
        hub.restart()
        mark = hub.mark()
        fixed = UserClient.with_server(hub, "you")
        assert fixed.working_server("you"), fixed.trail()
        symptoms.all_gone(hub.observed(fixed, since=mark))
